import { CERTIFICATE_VALID_MONTHS } from './value-sets.js';

/**
 * The range of every measured field, declared once: the domain checks them (battery-validation.ts,
 * site-decider.ts) and the HTTP DTOs show the same figures in OpenAPI and refuse out-of-range
 * values early, with the shape errors of the same body.
 */
export interface Limit {
  min: number;
  max: number;
  /** `min` itself is refused (masses, ratings). */
  exclusiveMin?: boolean;
  integer?: boolean;
}

const percent: Limit = { min: 0, max: 100 };
const materialKg: Limit = { min: 0, max: 100_000 };
const positiveUpTo = (max: number): Limit => ({ min: 0, max, exclusiveMin: true });

export const LIMITS = {
  massKg: positiveUpTo(100_000),
  ratedCapacityAh: positiveUpTo(1_000_000),
  ratedEnergyKWh: positiveUpTo(100_000),
  nominalVoltageV: positiveUpTo(10_000),
  materialKg,
  stateOfChargePct: percent,
  // Capped at 100: the views' state-of-health buckets end at 90–100.
  stateOfHealthPct: percent,
  remainingCapacityAh: { min: 0, max: 1_000_000 },
  remainingEnergyKWh: { min: 0, max: 100_000 },
  internalResistanceMOhm: { min: 0, max: 1_000_000 },
  selfDischargePctPerMonth: percent,
  cellVoltageSpreadMV: { min: 0, max: 100_000 },
  insulationResistanceMOhm: { min: 0, max: 1_000_000 },
  numberOfFullCycles: { min: 0, max: 1_000_000, integer: true },
  diagnosisTestValue: { min: -1e12, max: 1e12 },
  validMonths: { min: CERTIFICATE_VALID_MONTHS.min, max: CERTIFICATE_VALID_MONTHS.max, integer: true },
  inputMassKg: positiveUpTo(100_000),
  blackMassKg: materialKg,
  zoneCapacity: { min: 1, max: 100_000, integer: true },
} as const satisfies Record<string, Limit>;
