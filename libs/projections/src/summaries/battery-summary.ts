import {
  stageAfter,
  type Application,
  type BatteryEvent,
  type BatteryHazardClass,
  type BatteryLocation,
  type Chemistry,
  type Grade,
  type Materials,
  type PassportStatus,
  type SecondLifeKind,
  type Stage,
} from '#libs/lifecycle';
import { socBandOf, sohBandOf, type SocBand, type SohBand } from './bands.js';
import type { CertificateSummary } from './certificate-summary.js';

/** One battery as every view sees it: the columns of the `battery_summary` table. */
export interface BatterySummary {
  batteryId: string;
  /** Revision of the last event folded in. */
  revision: number;
  status: PassportStatus;
  stage: Stage;
  chemistry: Chemistry;
  /** From the latest evaluation. */
  grade: Grade | null;
  stateOfHealthPct: number | null;
  sohBand: SohBand | null;
  hazardClass: BatteryHazardClass | null;
  /** Latest recorded (storage over receipt). */
  stateOfChargePct: number | null;
  socBand: SocBand;
  /** The site holding the battery; null before its first receipt and once it has left the centre. */
  siteId: string | null;
  location: BatteryLocation | null;
  /** When the battery entered its current slot (dwell time). */
  storedAt: string | null;
  /** Ever received: a battery can be handed over for recycling straight from registration. */
  received: boolean;
  evaluated: boolean;
  handedOver: boolean;
  recycled: boolean;
  /** Transferred to another organisation (BatteryTransferred): its record continues elsewhere. */
  transferredOut: boolean;
  secondLifeKind: SecondLifeKind | null;
  secondLifeApplication: Application | null;
  /** A second-life battery's latest evaluated remaining energy, else its rated energy. */
  secondLifeEnergyKWh: number | null;
  declaredMaterials: Materials;
  inputMassKg: number | null;
  recoveredMaterials: Materials | null;
}

/**
 * What the batteries projection keeps of a battery between events (the `document` column): its
 * own fold of the events, not the write side's state, so a change to the lifecycle's state does
 * not change or rebuild the read model. Derived figures (bands, second-life energy) are not kept.
 */
export interface SummaryDocument {
  summary: Omit<BatterySummary, 'sohBand' | 'socBand' | 'secondLifeEnergyKWh'>;
  ratedEnergyKWh: number;
  /** The latest evaluation's, when it recorded one. */
  remainingEnergyKWh: number | null;
  certificates: CertificateSummary[];
}

export function evolveSummary(previous: SummaryDocument | undefined, event: BatteryEvent): SummaryDocument {
  if (event.type === 'BatteryRegistered') return registered(event.data);
  if (event.type === 'BatteryImported') {
    const document = registered(event.data.registration);
    return { ...document, summary: { ...document.summary, status: event.data.status, stage: event.data.stage } };
  }
  if (previous === undefined) throw new Error(`${event.type} before BatteryRegistered: the stream is corrupt`);
  const before = previous.summary;
  const next: SummaryDocument = {
    ...previous,
    summary: { ...before, revision: before.revision + 1, stage: stageAfter(before.stage, event.type) },
  };
  const summary = next.summary;
  switch (event.type) {
    case 'BatteryReceived':
      Object.assign(summary, {
        siteId: event.data.siteId,
        hazardClass: event.data.hazardClass,
        stateOfChargePct: event.data.stateOfChargePct ?? before.stateOfChargePct,
        received: true,
      });
      return next;
    case 'BatteryEvaluated':
      Object.assign(summary, { grade: event.data.grade, stateOfHealthPct: event.data.stateOfHealthPct, evaluated: true });
      return { ...next, remainingEnergyKWh: event.data.remainingEnergyKWh ?? null };
    case 'BatteryStored': {
      const { siteId, zone, slot, stateOfChargePct } = event.data;
      Object.assign(summary, {
        location: { siteId, zone, slot },
        storedAt: event.occurredAt,
        stateOfChargePct: stateOfChargePct ?? before.stateOfChargePct,
      });
      return next;
    }
    case 'BatteryReleasedFromStorage':
      Object.assign(summary, { location: null, storedAt: null });
      return next;
    case 'ReuseCertificateIssued': {
      const { certificateId, applications, issuedAt, validUntil } = event.data;
      return {
        ...next,
        certificates: [
          ...previous.certificates,
          { certificateId, batteryId: before.batteryId, applications, issuedAt, validUntil, revocation: null },
        ],
      };
    }
    case 'ReuseCertificateRevoked': {
      const { certificateId, reason, revokedAt } = event.data;
      const revoke = (certificate: CertificateSummary) =>
        certificate.certificateId === certificateId ? { ...certificate, revocation: { reason, revokedAt } } : certificate;
      return { ...next, certificates: previous.certificates.map(revoke) };
    }
    case 'BatteryReused':
    case 'BatteryRepurposed':
    case 'BatteryRemanufactured': {
      const kind: SecondLifeKind =
        event.type === 'BatteryReused' ? 're-used' : event.type === 'BatteryRepurposed' ? 'repurposed' : 'remanufactured';
      Object.assign(summary, { status: kind, siteId: null, secondLifeKind: kind, secondLifeApplication: event.data.application });
      return next;
    }
    case 'BatteryHandedOverForRecycling':
      Object.assign(summary, { status: 'waste', hazardClass: 'waste', siteId: null, handedOver: true });
      return next;
    case 'BatteryRecycled':
      Object.assign(summary, { recycled: true, inputMassKg: event.data.inputMassKg, recoveredMaterials: event.data.recovered });
      return next;
    case 'BatteryTransferred':
      Object.assign(summary, { siteId: null, transferredOut: true });
      return next;
    case 'BatteryDiagnosed':
    case 'PassportSourceAttached':
      return next;
  }
}

function registered(data: Extract<BatteryEvent, { type: 'BatteryRegistered' }>['data']): SummaryDocument {
  return {
    summary: {
      batteryId: data.batteryId,
      revision: 0,
      status: 'original',
      stage: 'registered',
      chemistry: data.chemistry,
      grade: null,
      stateOfHealthPct: null,
      hazardClass: null,
      stateOfChargePct: null,
      siteId: null,
      location: null,
      storedAt: null,
      received: false,
      evaluated: false,
      handedOver: false,
      recycled: false,
      transferredOut: false,
      secondLifeKind: null,
      secondLifeApplication: null,
      declaredMaterials: data.materials,
      inputMassKg: null,
      recoveredMaterials: null,
    },
    ratedEnergyKWh: data.ratedEnergyKWh,
    remainingEnergyKWh: null,
    certificates: [],
  };
}

export function summarize({ summary, ratedEnergyKWh, remainingEnergyKWh }: SummaryDocument): BatterySummary {
  return {
    ...summary,
    sohBand: summary.stateOfHealthPct === null ? null : sohBandOf(summary.stateOfHealthPct),
    socBand: socBandOf(summary.stateOfChargePct),
    secondLifeEnergyKWh: summary.secondLifeKind === null ? null : (remainingEnergyKWh ?? ratedEnergyKWh),
  };
}
