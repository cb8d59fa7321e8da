import type { GradeThresholds } from './grading-policy.js';
import type { BatteryHazardClass, Grade, PassFail } from './value-sets.js';

/** Why a battery got grade C whatever its state of health. */
export const GRADE_DISQUALIFIERS = ['visual-inspection-failed', 'insulation-below-minimum', 'damaged-critical'] as const;
export type GradeDisqualifier = (typeof GRADE_DISQUALIFIERS)[number];

export interface GradingInput {
  stateOfHealthPct: number;
  visualInspection: PassFail;
  insulationResistanceMOhm?: number;
  hazardClass: BatteryHazardClass | null;
}

export interface GradingResult {
  grade: Grade;
  disqualifiers: GradeDisqualifier[];
}

export function gradeBattery(input: GradingInput, thresholds: GradeThresholds): GradingResult {
  const disqualifiers: GradeDisqualifier[] = [];
  if (input.visualInspection === 'fail') disqualifiers.push('visual-inspection-failed');
  if (input.insulationResistanceMOhm !== undefined && input.insulationResistanceMOhm < thresholds.minInsulationResistanceMOhm) {
    disqualifiers.push('insulation-below-minimum');
  }
  if (input.hazardClass === 'damaged-critical') disqualifiers.push('damaged-critical');
  if (disqualifiers.length > 0) return { grade: 'C', disqualifiers };
  const soh = input.stateOfHealthPct;
  const grade = soh >= thresholds.gradeAMinStateOfHealthPct ? 'A' : soh >= thresholds.gradeBMinStateOfHealthPct ? 'B' : 'C';
  return { grade, disqualifiers };
}
