import type { JsonObject } from './domain-event.js';
import type {
  BatteryDiagnosedData,
  BatteryEvaluatedData,
  BatteryEvent,
  BatteryHandedOverForRecyclingData,
  BatteryImportedData,
  BatteryTransferredData,
  BatteryRecycledData,
  BatteryRegisteredData,
  BatteryReusedData,
} from './battery-events.js';
import { stageAfter } from './stage.js';
import type { Application, BatteryHazardClass, PassportStatus, SecondLifeKind, Stage } from './value-sets.js';

export interface BatteryLocation {
  siteId: string;
  zone: string;
  slot: string;
}

/** Records carry the revision of their event: "after the latest evaluation" compares revisions. */
export type EvaluationRecord = BatteryEvaluatedData & { occurredAt: string; revision: number };
export type DiagnosisRecord = BatteryDiagnosedData & { occurredAt: string; revision: number };

export interface CertificateRecord {
  certificateId: string;
  applications: Application[];
  issuedAt: string;
  validUntil: string;
  standard?: string;
  /** The signed document and its signature, as issued: what verification checks. */
  certificate: JsonObject;
  signature: JsonObject;
  revision: number;
  revocation: { reason: string; revokedAt: string } | null;
}

export type SecondLifeRecord = BatteryReusedData & {
  kind: SecondLifeKind;
  successorBatteryId?: string;
  occurredAt: string;
};

export type HandOverRecord = BatteryHandedOverForRecyclingData & { occurredAt: string };
export type TransferRecord = BatteryTransferredData & { occurredAt: string };
/** Where an imported battery's history began: the origin's last event, as its signed checkpoint proves it. */
export type OriginRecord = Pick<BatteryImportedData, 'issuerId' | 'originBatteryId' | 'lastRevision' | 'lastHash'> & {
  importedAt: string;
};
export type RecyclingRecord = BatteryRecycledData & { occurredAt: string };

export interface UnregisteredBattery {
  registered: false;
  revision: -1;
}

export type RegisteredBattery = BatteryRegisteredData & {
  registered: true;
  /** Revision of the last event folded in; registration is 0. */
  revision: number;
  registeredAt: string;
  status: PassportStatus;
  stage: Stage;
  /** Null until the first receipt; `waste` from the hand-over for recycling. */
  hazardClass: BatteryHazardClass | null;
  /**
   * The site holding the battery: set by each receipt, kept through storage and release,
   * cleared when the battery leaves the centre (second life, hand-over for recycling).
   */
  siteId: string | null;
  location: BatteryLocation | null;
  /** Latest state of charge recorded (storage over receipt). */
  stateOfChargePct: number | null;
  latestEvaluation: EvaluationRecord | null;
  latestDiagnosis: DiagnosisRecord | null;
  /** In order of issue; at most the last one can be active. */
  certificates: CertificateRecord[];
  /** Latest second-life event. */
  secondLife: SecondLifeRecord | null;
  successorIds: string[];
  handOver: HandOverRecord | null;
  recycling: RecyclingRecord | null;
  /** Set by BatteryTransferred: the stream is closed to commands here. */
  transfer: TransferRecord | null;
  /** Set when the battery's history began elsewhere (BatteryImported). */
  origin: OriginRecord | null;
};

export type BatteryState = UnregisteredBattery | RegisteredBattery;

export const initialBatteryState: UnregisteredBattery = Object.freeze({ registered: false, revision: -1 });

export function evolveBattery(state: BatteryState, event: BatteryEvent): RegisteredBattery {
  if (event.type === 'BatteryRegistered' || event.type === 'BatteryImported') {
    if (state.registered) throw new Error(`battery ${state.batteryId} registered twice in one stream`);
    return event.type === 'BatteryRegistered' ? registered(event.data, event.occurredAt) : imported(event.data, event.occurredAt);
  }
  if (!state.registered) throw new Error(`${event.type} before BatteryRegistered: the stream is corrupt`);
  const next: RegisteredBattery = {
    ...state,
    revision: state.revision + 1,
    stage: stageAfter(state.stage, event.type),
  };
  switch (event.type) {
    case 'BatteryReceived':
      return {
        ...next,
        siteId: event.data.siteId,
        hazardClass: event.data.hazardClass,
        stateOfChargePct: event.data.stateOfChargePct ?? state.stateOfChargePct,
      };
    case 'BatteryEvaluated':
      return { ...next, latestEvaluation: { ...event.data, occurredAt: event.occurredAt, revision: next.revision } };
    case 'BatteryStored': {
      const { siteId, zone, slot, stateOfChargePct } = event.data;
      return { ...next, location: { siteId, zone, slot }, stateOfChargePct: stateOfChargePct ?? state.stateOfChargePct };
    }
    case 'BatteryReleasedFromStorage':
      return { ...next, location: null };
    case 'BatteryDiagnosed':
      return { ...next, latestDiagnosis: { ...event.data, occurredAt: event.occurredAt, revision: next.revision } };
    case 'ReuseCertificateIssued': {
      const record: CertificateRecord = { ...event.data, revision: next.revision, revocation: null };
      return { ...next, certificates: [...state.certificates, record] };
    }
    case 'ReuseCertificateRevoked': {
      const { certificateId, reason, revokedAt } = event.data;
      return {
        ...next,
        certificates: state.certificates.map((certificate) =>
          certificate.certificateId === certificateId ? { ...certificate, revocation: { reason, revokedAt } } : certificate,
        ),
      };
    }
    case 'BatteryReused':
      return { ...next, status: 're-used', siteId: null, secondLife: { ...event.data, kind: 're-used', occurredAt: event.occurredAt } };
    case 'BatteryRepurposed':
    case 'BatteryRemanufactured': {
      const kind = event.type === 'BatteryRepurposed' ? 'repurposed' : 'remanufactured';
      const { successorBatteryId } = event.data;
      return {
        ...next,
        status: kind,
        siteId: null,
        secondLife: { ...event.data, kind, occurredAt: event.occurredAt },
        successorIds: state.successorIds.includes(successorBatteryId) ? state.successorIds : [...state.successorIds, successorBatteryId],
      };
    }
    case 'BatteryHandedOverForRecycling':
      return {
        ...next,
        status: 'waste',
        hazardClass: 'waste',
        siteId: null,
        handOver: { ...event.data, occurredAt: event.occurredAt },
      };
    case 'BatteryRecycled':
      return { ...next, recycling: { ...event.data, occurredAt: event.occurredAt } };
    case 'BatteryTransferred':
      return { ...next, siteId: null, transfer: { ...event.data, occurredAt: event.occurredAt } };
    case 'PassportSourceAttached':
      // Only the passport reads the document (libs/passport folds it); the lifecycle is unchanged.
      return next;
  }
}

/**
 * An imported battery starts here with the origin's identity, status and stage but none of its
 * custody: it must be received, evaluated and certified here (the origin's certificates stay
 * readable and verifiable as provenance, not as this centre's evidence).
 */
function imported(data: BatteryImportedData, occurredAt: string): RegisteredBattery {
  const { issuerId, originBatteryId, lastRevision, lastHash } = data;
  return {
    ...registered(data.registration, occurredAt),
    status: data.status,
    stage: data.stage,
    origin: { issuerId, originBatteryId, lastRevision, lastHash, importedAt: occurredAt },
  };
}

function registered(data: BatteryRegisteredData, occurredAt: string): RegisteredBattery {
  return {
    ...data,
    registered: true,
    revision: 0,
    registeredAt: occurredAt,
    status: 'original',
    stage: 'registered',
    hazardClass: null,
    siteId: null,
    location: null,
    stateOfChargePct: null,
    latestEvaluation: null,
    latestDiagnosis: null,
    certificates: [],
    secondLife: null,
    successorIds: [],
    handOver: null,
    recycling: null,
    transfer: null,
    origin: null,
  };
}

export function foldBatteryEvents(events: Iterable<BatteryEvent>, from: BatteryState = initialBatteryState): BatteryState {
  let state = from;
  for (const event of events) state = evolveBattery(state, event);
  return state;
}
