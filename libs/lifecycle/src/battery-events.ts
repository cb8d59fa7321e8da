import type {
  DiagnosisTest,
  EvaluateBatteryBody,
  HandOverForRecyclingBody,
  JsonObject,
  ReceiveBatteryBody,
  RecordRecyclingOutcomeBody,
  RegisterBatteryBody,
  StoreBatteryBody,
} from './battery-commands.js';
import type { GradeDisqualifier } from './grading.js';
import type { GradeThresholds } from './grading-policy.js';
import type { Application, Grade, Materials, PassFail } from './value-sets.js';
import { withoutUndefined } from './without-undefined.js';

/**
 * An event as the domain sees it. `occurredAt` and `schemaVersion` travel in the store's event
 * metadata (see `toNewEvent`), so `data` holds only the fact itself.
 */
export interface DomainEvent<Type extends string, Data> {
  type: Type;
  schemaVersion: 1;
  occurredAt: string;
  data: Data;
}

type WithoutOccurredAt<Body> = Omit<Body, 'occurredAt'>;

export type BatteryRegisteredData = Omit<RegisterBatteryBody, 'predecessorIds' | 'materials'> & {
  predecessorIds: string[];
  materials: Materials;
};
export type BatteryReceivedData = WithoutOccurredAt<ReceiveBatteryBody>;
export type BatteryEvaluatedData = WithoutOccurredAt<EvaluateBatteryBody> & {
  grade: Grade;
  /** The policy's limits for this battery's chemistry at the time of grading. */
  thresholds: GradeThresholds;
  /** Empty unless something forced grade C whatever the state of health. */
  disqualifiers: GradeDisqualifier[];
};
export type BatteryStoredData = WithoutOccurredAt<StoreBatteryBody>;
export interface BatteryReleasedFromStorageData {
  siteId: string;
  zone: string;
  slot: string;
  reason: string;
}
export interface BatteryDiagnosedData {
  tests: DiagnosisTest[];
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
  /** The active certificate that permitted this application. */
  certificateId: string;
}
export type BatteryRepurposedData = BatteryReusedData & { successorBatteryId: string };
export type BatteryRemanufacturedData = BatteryRepurposedData;
export type BatteryHandedOverForRecyclingData = WithoutOccurredAt<HandOverForRecyclingBody>;
export type BatteryRecycledData = WithoutOccurredAt<RecordRecyclingOutcomeBody>;

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
  | BatteryRecycled;

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
