import type { JsonObject } from './domain-event.js';
import type {
  Application,
  Category,
  Chemistry,
  DiagnosisTestName,
  EvaluationMethod,
  HazardClass,
  PassportSourceFormat,
  Level,
  Materials,
  PassFail,
  ReceiptSource,
  RecyclingProcess,
  SecondLifeKind,
} from './value-sets.js';

/*
 * One body type per command of shared/api.md "Batteries: commands", with the contract's field
 * names, so HTTP DTOs can `implements` them. A command is its body plus `type` and the
 * `batteryId` (from the path, or the body for registration).
 */

export interface RegisterBatteryBody {
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
  predecessorIds?: string[];
  materials?: Materials;
  /** The registered organisation that made the battery (its economic operator until a second life). */
  manufacturerOrganisationId?: string;
}

export interface ReceiveBatteryBody {
  siteId: string;
  source: ReceiptSource;
  hazardClass: HazardClass;
  stateOfChargePct?: number;
  occurredAt?: string;
  notes?: string;
}

export interface EvaluateBatteryBody {
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
  occurredAt?: string;
}

export interface StoreBatteryBody {
  siteId: string;
  zone: string;
  slot: string;
  stateOfChargePct?: number;
  occurredAt?: string;
}

export interface ReleaseBatteryFromStorageBody {
  reason: string;
  occurredAt?: string;
}

export interface DiagnosisTest {
  name: DiagnosisTestName;
  result: PassFail;
  value?: number;
  unit?: string;
}

export interface DiagnoseBatteryBody {
  tests: DiagnosisTest[];
  verdict: PassFail;
  standard?: string;
  occurredAt?: string;
}

export interface IssueReuseCertificateBody {
  applications: Application[];
  validMonths?: number;
  standard?: string;
}

export interface RecordSecondLifeBody {
  kind: SecondLifeKind;
  application: Application;
  operatorName: string;
  /** The registered organisation taking responsibility (Art. 77(7)). */
  operatorOrganisationId?: string;
  successorBatteryId?: string;
  occurredAt?: string;
}

export interface HandOverForRecyclingBody {
  recycler: string;
  /** The registered organisation of the waste operator. */
  recyclerOrganisationId?: string;
  reason?: string;
  occurredAt?: string;
}

export interface RecordRecyclingOutcomeBody {
  process: RecyclingProcess;
  inputMassKg: number;
  recovered: Materials;
  blackMassKg?: number;
  occurredAt?: string;
}

export interface TransferBatteryBody {
  toOrganisationId: string;
  reason?: string;
  occurredAt?: string;
}

/** What an import hands the decider: a bundle libs/transfers has verified, and who it is from and for. */
export interface VerifiedImport {
  issuerId: string;
  toOrganisationId: string;
  /** History entries of the origin, oldest first (hash-chained, each proven in `checkpoint`). */
  events: { revision: number; type: string; schemaVersion: number; occurredAt: string; data: Record<string, unknown>; hash: string }[];
  certificates: JsonObject[];
  checkpoint: JsonObject;
  inclusion: JsonObject[];
  keys: JsonObject;
}

export interface AttachPassportSourceBody {
  format: PassportSourceFormat;
  /** The manufacturer's passport document; its schema is the format's (checked by the caller's `checkPassportSource`). */
  document: { [key: string]: unknown };
}

interface On<T extends string> {
  type: T;
  batteryId: string;
}

export type RegisterBattery = { type: 'RegisterBattery' } & RegisterBatteryBody;
export type ReceiveBattery = On<'ReceiveBattery'> & ReceiveBatteryBody;
export type EvaluateBattery = On<'EvaluateBattery'> & EvaluateBatteryBody;
export type StoreBattery = On<'StoreBattery'> & StoreBatteryBody;
export type ReleaseBatteryFromStorage = On<'ReleaseBatteryFromStorage'> & ReleaseBatteryFromStorageBody;
export type DiagnoseBattery = On<'DiagnoseBattery'> & DiagnoseBatteryBody;
/** The caller picks the id; the document is signed through `DecisionContext.signCertificate`. */
export type IssueReuseCertificate = On<'IssueReuseCertificate'> & IssueReuseCertificateBody & { certificateId: string };
export type RevokeReuseCertificate = On<'RevokeReuseCertificate'> & { certificateId: string; reason: string };
export type RecordSecondLife = On<'RecordSecondLife'> & RecordSecondLifeBody;
export type HandOverForRecycling = On<'HandOverForRecycling'> & HandOverForRecyclingBody;
export type RecordRecyclingOutcome = On<'RecordRecyclingOutcome'> & RecordRecyclingOutcomeBody;
export type TransferBattery = On<'TransferBattery'> & TransferBatteryBody;
export type ImportBattery = On<'ImportBattery'> & { bundle: VerifiedImport };
export type AttachPassportSource = On<'AttachPassportSource'> & AttachPassportSourceBody;

/** Commands that touch the battery stream and a site stream together: see `decideStorage`. */
export type StorageCommand = StoreBattery | ReleaseBatteryFromStorage;

/** Commands decided on the battery stream alone: see `decideBattery`. */
export type BatteryCommand =
  | RegisterBattery
  | ReceiveBattery
  | EvaluateBattery
  | DiagnoseBattery
  | IssueReuseCertificate
  | RevokeReuseCertificate
  | RecordSecondLife
  | HandOverForRecycling
  | RecordRecyclingOutcome
  | TransferBattery
  | ImportBattery
  | AttachPassportSource;

export type LifecycleCommand = BatteryCommand | StorageCommand;
