import { BATTERY_EVENT_TYPES } from './battery-events.js';
import type { GradeDisqualifier } from './grading.js';
import type { GradeThresholds } from './grading-policy.js';
import { SITE_EVENT_TYPES } from './site-events.js';

/*
 * Stored events are never rewritten. When an event's data changes shape, its schemaVersion goes
 * up and a step from the old version is registered here; reading chains the steps
 * (v0 → v1 → …) up to the version the code is written against.
 */

export type EventData = Record<string, unknown>;
type UpcastStep = (data: EventData) => EventData;

/** The version every event type is written at today. */
export const CURRENT_SCHEMA_VERSION = 1;

/**
 * The example of the mechanism: BatteryEvaluated v0 (hypothetical first release) named the
 * state of health `sohPct` and graded with fixed limits it did not record: A ≥ 80 %, B ≥ 60 %,
 * a failed visual inspection as the only disqualifier (no insulation minimum). v1 renames the
 * field and records the limits, so the step fills in those fixed ones, not today's policy.
 */
const V0_GRADE_THRESHOLDS: GradeThresholds = Object.freeze({
  gradeAMinStateOfHealthPct: 80,
  gradeBMinStateOfHealthPct: 60,
  minInsulationResistanceMOhm: 0,
});

function batteryEvaluatedV0ToV1(data: EventData): EventData {
  const { sohPct, ...rest } = data;
  const disqualifiers: GradeDisqualifier[] = rest.visualInspection === 'fail' ? ['visual-inspection-failed'] : [];
  return { ...rest, stateOfHealthPct: sohPct, thresholds: { ...V0_GRADE_THRESHOLDS }, disqualifiers };
}

/** Steps by event type, then by the version they upgrade from (to that version + 1). */
const UPCASTERS: Readonly<Record<string, Readonly<Record<number, UpcastStep>>>> = {
  BatteryEvaluated: { 0: batteryEvaluatedV0ToV1 },
};

const KNOWN_TYPES: readonly string[] = [...BATTERY_EVENT_TYPES, ...SITE_EVENT_TYPES];

/** Brings stored data up to CURRENT_SCHEMA_VERSION; types this module does not own pass unchanged. */
export function upcast(type: string, schemaVersion: number, data: EventData): { schemaVersion: number; data: EventData } {
  if (!KNOWN_TYPES.includes(type)) return { schemaVersion, data };
  if (!Number.isInteger(schemaVersion) || schemaVersion > CURRENT_SCHEMA_VERSION) {
    throw new Error(`${type} schemaVersion ${schemaVersion} is not readable by this code (current ${CURRENT_SCHEMA_VERSION})`);
  }
  let version = schemaVersion;
  let upcasted = data;
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = UPCASTERS[type]?.[version];
    if (step === undefined) throw new Error(`no upcaster for ${type} from schemaVersion ${version}`);
    upcasted = step(upcasted);
    version += 1;
  }
  return { schemaVersion: version, data: upcasted };
}
