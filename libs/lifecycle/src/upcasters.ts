import { BATTERY_EVENT_TYPES } from './battery-events.js';
import type { GradeDisqualifier } from './grading.js';
import type { GradeThresholds } from './grading-policy.js';
import { ORGANISATION_EVENT_TYPES } from './organisation-events.js';
import { SITE_EVENT_TYPES } from './site-events.js';

/*
 * Stored events are never rewritten. When an event's data changes shape, its schemaVersion goes
 * up and a step from the old version is registered here; reading chains the steps
 * (v0 → v1 → …) up to the version the code is written against.
 *
 * The schemaVersion in the event's metadata is not covered by the history hash (shared/api.md
 * fixes the recipe), so it must not decide how data is read: someone with database access could
 * set it to 0 and have v1 data upcast as v0 while the chain still verified. Each step therefore
 * also recognises the data of the version it upgrades from, and reading takes the version from
 * the (hashed) data. A new version must be recognisable that way (a renamed or a new required
 * field); the stored schemaVersion is checked against it by history verification.
 */

export type EventData = Record<string, unknown>;

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

interface UpcastStep {
  /** True for data written at the version this step upgrades from, judged from the data alone. */
  recognises(data: EventData): boolean;
  upgrade(data: EventData): EventData;
}

/** Steps by event type, then by the version they upgrade from (to that version + 1). */
const UPCASTERS: Readonly<Record<string, Readonly<Record<number, UpcastStep>>>> = {
  BatteryEvaluated: { 0: { recognises: (data) => 'sohPct' in data, upgrade: batteryEvaluatedV0ToV1 } },
};

const KNOWN_TYPES: readonly string[] = [...BATTERY_EVENT_TYPES, ...SITE_EVENT_TYPES, ...ORGANISATION_EVENT_TYPES];

/**
 * The schema version stored data is in, read from the data itself: the oldest version a step
 * recognises, else the current one. Undefined for types this module does not own.
 */
export function schemaVersionOf(type: string, data: EventData): number | undefined {
  if (!KNOWN_TYPES.includes(type)) return undefined;
  for (let version = 0; version < CURRENT_SCHEMA_VERSION; version++) {
    if (UPCASTERS[type]?.[version]?.recognises(data)) return version;
  }
  return CURRENT_SCHEMA_VERSION;
}

/**
 * Whether the stored `schemaVersion` (metadata, outside the event hash) is the one the hashed data
 * shows. Reading never relies on it, so a changed one changes no meaning, but it is still an edit
 * that audits report. Types this module does not own always match.
 */
export function storedSchemaVersionMatches(type: string, data: EventData, storedVersion: number): boolean {
  const shown = schemaVersionOf(type, data);
  return shown === undefined || shown === storedVersion;
}

/**
 * Brings stored data up to CURRENT_SCHEMA_VERSION, from the version its data shows; types this
 * module does not own pass unchanged. `storedVersion` (metadata, unhashed) only refuses data
 * written by newer code, whose shape this code cannot know.
 */
export function upcast(type: string, storedVersion: number, data: EventData): { schemaVersion: number; data: EventData } {
  const derived = schemaVersionOf(type, data);
  if (derived === undefined) return { schemaVersion: storedVersion, data };
  if (Number(storedVersion) > CURRENT_SCHEMA_VERSION) {
    throw new Error(`${type} schemaVersion ${storedVersion} is not readable by this code (current ${CURRENT_SCHEMA_VERSION})`);
  }
  let version = derived;
  let upcasted = data;
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = UPCASTERS[type]?.[version];
    if (step === undefined) throw new Error(`no upcaster for ${type} from schemaVersion ${version}`);
    upcasted = step.upgrade(upcasted);
    version += 1;
  }
  return { schemaVersion: version, data: upcasted };
}
