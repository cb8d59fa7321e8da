import { CHEMISTRIES, type Chemistry } from './value-sets.js';

/** The limits one grading used; BatteryEvaluated records them so a grade can be explained later. */
export interface GradeThresholds {
  /** Grade A at or above this state of health. */
  gradeAMinStateOfHealthPct: number;
  /** Grade B at or above this state of health (and below grade A's). */
  gradeBMinStateOfHealthPct: number;
  /** Below this insulation resistance a battery is grade C whatever its state of health. */
  minInsulationResistanceMOhm: number;
}

/** Thresholds from configuration; no official ones exist, so each centre sets its own. */
export interface GradingPolicy {
  default: GradeThresholds;
  byChemistry: Partial<Record<Chemistry, Partial<GradeThresholds>>>;
}

/**
 * Glossary defaults: A ≥ 80 %, B ≥ 60 %. The insulation minimum of 1 MΩ is UN ECE R100's
 * 500 Ω/V (the stricter, AC-connected figure) at 2000 V, so it holds for any traction pack;
 * a healthy pack measures hundreds of MΩ, so only a real insulation fault falls below it.
 */
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = Object.freeze({
  gradeAMinStateOfHealthPct: 80,
  gradeBMinStateOfHealthPct: 60,
  minInsulationResistanceMOhm: 1,
});

export const DEFAULT_GRADING_POLICY: GradingPolicy = Object.freeze({
  default: DEFAULT_GRADE_THRESHOLDS,
  byChemistry: Object.freeze({}),
});

const THRESHOLD_KEYS = Object.keys(DEFAULT_GRADE_THRESHOLDS) as (keyof GradeThresholds)[];

export function thresholdsFor(policy: GradingPolicy, chemistry: Chemistry): GradeThresholds {
  return { ...policy.default, ...policy.byChemistry[chemistry] };
}

export class InvalidGradingPolicy extends Error {
  override readonly name = 'InvalidGradingPolicy';
  constructor(readonly problems: readonly string[]) {
    super(`invalid grading policy: ${problems.join('; ')}`);
  }
}

/**
 * Reads a policy from configuration (a JSON string or an already parsed value), e.g.
 * `{"default": {"gradeAMinStateOfHealthPct": 85}, "byChemistry": {"LFP": {"gradeBMinStateOfHealthPct": 55}}}`.
 * Missing default thresholds fall back to DEFAULT_GRADE_THRESHOLDS.
 */
export function parseGradingPolicy(json: unknown): GradingPolicy {
  const problems: string[] = [];
  let raw = json;
  if (typeof json === 'string') {
    try {
      raw = JSON.parse(json) as unknown;
    } catch (error) {
      throw new InvalidGradingPolicy([`not JSON: ${(error as Error).message}`]);
    }
  }
  if (!isPlainObject(raw)) throw new InvalidGradingPolicy(['must be a JSON object']);
  rejectUnknownKeys(raw, ['default', 'byChemistry'], '', problems);

  const defaults = { ...DEFAULT_GRADE_THRESHOLDS, ...readThresholds(raw.default, 'default', problems) };
  const byChemistry: GradingPolicy['byChemistry'] = {};
  if (raw.byChemistry !== undefined) {
    if (!isPlainObject(raw.byChemistry)) problems.push('byChemistry must be an object');
    else {
      rejectUnknownKeys(raw.byChemistry, CHEMISTRIES, 'byChemistry.', problems);
      for (const chemistry of CHEMISTRIES) {
        const override = readThresholds(raw.byChemistry[chemistry], `byChemistry.${chemistry}`, problems);
        if (override) byChemistry[chemistry] = override;
      }
    }
  }
  const policy: GradingPolicy = { default: defaults, byChemistry };
  checkOrdering('default', defaults, problems);
  for (const chemistry of Object.keys(byChemistry) as Chemistry[]) {
    checkOrdering(`byChemistry.${chemistry}`, thresholdsFor(policy, chemistry), problems);
  }
  if (problems.length > 0) throw new InvalidGradingPolicy(problems);
  return policy;
}

function readThresholds(value: unknown, path: string, problems: string[]): Partial<GradeThresholds> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problems.push(`${path} must be an object`);
    return undefined;
  }
  rejectUnknownKeys(value, THRESHOLD_KEYS, `${path}.`, problems);
  const thresholds: Partial<GradeThresholds> = {};
  for (const key of THRESHOLD_KEYS) {
    const number = value[key];
    if (number === undefined) continue;
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
      problems.push(`${path}.${key} must be a finite number ≥ 0`);
    } else thresholds[key] = number;
  }
  return thresholds;
}

function checkOrdering(path: string, thresholds: GradeThresholds, problems: string[]): void {
  const { gradeAMinStateOfHealthPct: a, gradeBMinStateOfHealthPct: b } = thresholds;
  if (a > 100) problems.push(`${path}.gradeAMinStateOfHealthPct must be at most 100`);
  if (b > a) problems.push(`${path}: gradeBMinStateOfHealthPct must not exceed gradeAMinStateOfHealthPct`);
}

function rejectUnknownKeys(value: Record<string, unknown>, known: readonly string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(`${prefix}${key} is not a known key`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
