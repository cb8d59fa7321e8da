import type { DomainEvent, JsonObject } from './domain-event.js';
import type { GradeDisqualifier } from './grading.js';
import type { GradeThresholds } from './grading-policy.js';
import type {
  Application,
  PassportStatus,
  Stage,
  Category,
  Chemistry,
  DiagnosisTestName,
  EvaluationMethod,
  Grade,
  HazardClass,
  PassportSourceFormat,
  Level,
  Materials,
  PassFail,
  ReceiptSource,
  RecyclingProcess,
} from './value-sets.js';
import { withoutUndefined } from './without-undefined.js';

/*
 * The stored schema of each event, declared field by field: these are hash-chained facts, so
 * they must not follow the HTTP bodies (battery-commands.ts) by construction. A decider maps a
 * command to its event explicitly; a change of shape gets a new schemaVersion and an upcaster.
 */

export interface BatteryRegisteredData {
  batteryId: string;
  level: Level;
  category: Category;
  chemistry: Chemistry;
  manufacturer: string;
  model: string;
  /** `YYYY-MM-DD`. */
  manufacturingDate: string;
  massKg: number;
  ratedCapacityAh: number;
  ratedEnergyKWh: number;
  nominalVoltageV: number;
  serialNumber?: string;
  manufacturingPlace?: string;
  parentBatteryId?: string;
  predecessorIds: string[];
  materials: Materials;
  manufacturerOrganisationId?: string;
}
export interface BatteryReceivedData {
  siteId: string;
  source: ReceiptSource;
  hazardClass: HazardClass;
  stateOfChargePct?: number;
  notes?: string;
}
export interface BatteryEvaluatedData {
  method: EvaluationMethod;
  stateOfHealthPct: number;
  remainingCapacityAh: number;
  visualInspection: PassFail;
  remainingEnergyKWh?: number;
  internalResistanceMOhm?: number;
  selfDischargePctPerMonth?: number;
  cellVoltageSpreadMV?: number;
  insulationResistanceMOhm?: number;
  numberOfFullCycles?: number;
  negativeEvents?: string[];
  grade: Grade;
  /** The policy's limits for this battery's chemistry at the time of grading. */
  thresholds: GradeThresholds;
  /** Empty unless something forced grade C whatever the state of health. */
  disqualifiers: GradeDisqualifier[];
}
export interface BatteryStoredData {
  siteId: string;
  zone: string;
  slot: string;
  stateOfChargePct?: number;
}
export interface BatteryReleasedFromStorageData {
  siteId: string;
  zone: string;
  slot: string;
  reason: string;
}
export interface DiagnosisTestResult {
  name: DiagnosisTestName;
  result: PassFail;
  value?: number;
  unit?: string;
}
export interface BatteryDiagnosedData {
  tests: DiagnosisTestResult[];
  verdict: PassFail;
  standard?: string;
}
export interface ReuseCertificateIssuedData {
  certificateId: string;
  applications: Application[];
  issuedAt: string;
  validUntil: string;
  standard?: string;
  /** The signed certificate document, built by the certificate module. */
  certificate: JsonObject;
  signature: JsonObject;
}
export interface ReuseCertificateRevokedData {
  certificateId: string;
  reason: string;
  revokedAt: string;
}
export interface BatteryReusedData {
  application: Application;
  operatorName: string;
  operatorOrganisationId?: string;
  /** The active certificate that permitted this application. */
  certificateId: string;
}
export type BatteryRepurposedData = BatteryReusedData & { successorBatteryId: string };
export type BatteryRemanufacturedData = BatteryRepurposedData;
export interface BatteryHandedOverForRecyclingData {
  recycler: string;
  recyclerOrganisationId?: string;
  reason?: string;
}
export interface BatteryRecycledData {
  process: RecyclingProcess;
  inputMassKg: number;
  recovered: Materials;
  blackMassKg?: number;
}

/** The battery left for another organisation (and usually another instance): its stream takes no more commands here. */
export interface BatteryTransferredData {
  toOrganisationId: string;
  reason?: string;
}
/**
 * The first event of a battery whose history was written by another instance and verified here
 * (libs/transfers). `provenance` is that verified history as it arrived, so this event's hash
 * anchors the origin's evidence in this store's log; `registration`, `status` and `stage` are what
 * the origin's events fold to, recorded so no reader has to fold them again.
 */
export interface BatteryImportedData {
  /** The pinned trusted issuer whose key signed the origin's checkpoint. */
  issuerId: string;
  originBatteryId: string;
  lastRevision: number;
  lastHash: string;
  /** The origin's signed checkpoint that includes its last event. */
  checkpoint: JsonObject;
  toOrganisationId: string;
  registration: BatteryRegisteredData;
  status: PassportStatus;
  stage: Stage;
  provenance: {
    events: JsonObject[];
    certificates: JsonObject[];
    inclusion: JsonObject[];
    keys: JsonObject;
  };
}
/** The manufacturer's passport, kept whole: the passport exports take their static data from it. */
export interface PassportSourceAttachedData {
  format: PassportSourceFormat;
  document: JsonObject;
}

export type BatteryRegistered = DomainEvent<'BatteryRegistered', BatteryRegisteredData>;
export type BatteryReceived = DomainEvent<'BatteryReceived', BatteryReceivedData>;
export type BatteryEvaluated = DomainEvent<'BatteryEvaluated', BatteryEvaluatedData>;
export type BatteryStored = DomainEvent<'BatteryStored', BatteryStoredData>;
export type BatteryReleasedFromStorage = DomainEvent<'BatteryReleasedFromStorage', BatteryReleasedFromStorageData>;
export type BatteryDiagnosed = DomainEvent<'BatteryDiagnosed', BatteryDiagnosedData>;
export type ReuseCertificateIssued = DomainEvent<'ReuseCertificateIssued', ReuseCertificateIssuedData>;
export type ReuseCertificateRevoked = DomainEvent<'ReuseCertificateRevoked', ReuseCertificateRevokedData>;
export type BatteryReused = DomainEvent<'BatteryReused', BatteryReusedData>;
export type BatteryRepurposed = DomainEvent<'BatteryRepurposed', BatteryRepurposedData>;
export type BatteryRemanufactured = DomainEvent<'BatteryRemanufactured', BatteryRemanufacturedData>;
export type BatteryHandedOverForRecycling = DomainEvent<'BatteryHandedOverForRecycling', BatteryHandedOverForRecyclingData>;
export type BatteryRecycled = DomainEvent<'BatteryRecycled', BatteryRecycledData>;
export type BatteryTransferred = DomainEvent<'BatteryTransferred', BatteryTransferredData>;
export type BatteryImported = DomainEvent<'BatteryImported', BatteryImportedData>;
export type PassportSourceAttached = DomainEvent<'PassportSourceAttached', PassportSourceAttachedData>;

export type BatteryEvent =
  | BatteryRegistered
  | BatteryReceived
  | BatteryEvaluated
  | BatteryStored
  | BatteryReleasedFromStorage
  | BatteryDiagnosed
  | ReuseCertificateIssued
  | ReuseCertificateRevoked
  | BatteryReused
  | BatteryRepurposed
  | BatteryRemanufactured
  | BatteryHandedOverForRecycling
  | BatteryRecycled
  | BatteryTransferred
  | BatteryImported
  | PassportSourceAttached;

export type BatteryEventType = BatteryEvent['type'];

export const BATTERY_EVENT_TYPES = [
  'BatteryRegistered',
  'BatteryReceived',
  'BatteryEvaluated',
  'BatteryStored',
  'BatteryReleasedFromStorage',
  'BatteryDiagnosed',
  'ReuseCertificateIssued',
  'ReuseCertificateRevoked',
  'BatteryReused',
  'BatteryRepurposed',
  'BatteryRemanufactured',
  'BatteryHandedOverForRecycling',
  'BatteryRecycled',
  'BatteryTransferred',
  'BatteryImported',
  'PassportSourceAttached',
] as const satisfies readonly BatteryEventType[];

/** The second-life event each `kind` records. */
export const SECOND_LIFE_EVENT_TYPES = {
  're-used': 'BatteryReused',
  repurposed: 'BatteryRepurposed',
  remanufactured: 'BatteryRemanufactured',
} as const;

export function isBatteryEventType(type: string): type is BatteryEventType {
  return (BATTERY_EVENT_TYPES as readonly string[]).includes(type);
}

export type BatteryEventOf<Type extends BatteryEventType> = Extract<BatteryEvent, { type: Type }>;

/** Builds an event of the current schema version. */
export function batteryEvent<Type extends BatteryEventType>(
  type: Type,
  occurredAt: string,
  data: BatteryEventOf<Type>['data'],
): BatteryEventOf<Type> {
  const event: DomainEvent<Type, BatteryEventOf<Type>['data']> = {
    type,
    schemaVersion: 1,
    occurredAt,
    data: withoutUndefined(data),
  };
  // TypeScript cannot see that pairing a type with its own data yields that union member.
  return event as unknown as BatteryEventOf<Type>;
}
