import {
  evolveBattery,
  initialBatteryState,
  type Application,
  type BatteryEvent,
  type BatteryHazardClass,
  type BatteryLocation,
  type Chemistry,
  type Grade,
  type Materials,
  type PassportStatus,
  type RegisteredBattery,
  type SecondLifeKind,
  type Stage,
} from '#libs/lifecycle';
import { socBandOf, sohBandOf, type SocBand, type SohBand } from './bands.js';

/**
 * The lifecycle's own battery state plus the two facts the views need that it does not keep:
 * whether the battery was ever received (a battery can be handed over for recycling straight
 * from registration) and when it entered its current slot (dwell time).
 */
export interface TrackedBattery {
  battery: RegisteredBattery;
  received: boolean;
  storedAt: string | null;
}

export function trackBattery(previous: TrackedBattery | undefined, event: BatteryEvent): TrackedBattery {
  const battery = evolveBattery(previous?.battery ?? initialBatteryState, event);
  let storedAt: string | null = null;
  if (battery.location !== null) storedAt = event.type === 'BatteryStored' ? event.occurredAt : (previous?.storedAt ?? null);
  return { battery, received: (previous?.received ?? false) || event.type === 'BatteryReceived', storedAt };
}

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
  storedAt: string | null;
  received: boolean;
  evaluated: boolean;
  handedOver: boolean;
  recycled: boolean;
  secondLifeKind: SecondLifeKind | null;
  secondLifeApplication: Application | null;
  /** A second-life battery's latest evaluated remaining energy, else its rated energy. */
  secondLifeEnergyKWh: number | null;
  declaredMaterials: Materials;
  inputMassKg: number | null;
  recoveredMaterials: Materials | null;
}

export function summarize({ battery, received, storedAt }: TrackedBattery): BatterySummary {
  const evaluation = battery.latestEvaluation;
  const stateOfHealthPct = evaluation?.stateOfHealthPct ?? null;
  return {
    batteryId: battery.batteryId,
    revision: battery.revision,
    status: battery.status,
    stage: battery.stage,
    chemistry: battery.chemistry,
    grade: evaluation?.grade ?? null,
    stateOfHealthPct,
    sohBand: stateOfHealthPct === null ? null : sohBandOf(stateOfHealthPct),
    hazardClass: battery.hazardClass,
    stateOfChargePct: battery.stateOfChargePct,
    socBand: socBandOf(battery.stateOfChargePct),
    siteId: battery.siteId,
    location: battery.location,
    storedAt,
    received,
    evaluated: evaluation !== null,
    handedOver: battery.handOver !== null,
    recycled: battery.recycling !== null,
    secondLifeKind: battery.secondLife?.kind ?? null,
    secondLifeApplication: battery.secondLife?.application ?? null,
    secondLifeEnergyKWh: battery.secondLife === null ? null : (evaluation?.remainingEnergyKWh ?? battery.ratedEnergyKWh),
    declaredMaterials: battery.materials,
    inputMassKg: battery.recycling?.inputMassKg ?? null,
    recoveredMaterials: battery.recycling?.recovered ?? null,
  };
}
