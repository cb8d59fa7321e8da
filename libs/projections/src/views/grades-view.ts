import type { SqlExecutor } from '#libs/database';
import { CHEMISTRIES, GRADES, type Chemistry } from '#libs/lifecycle';
import { BATTERY_SUMMARY_TABLE } from '../read-models/batteries-projection.js';
import { readViewPosition } from '../runner/checkpoints.js';
import { SOH_BANDS } from '../summaries/bands.js';
import type { ReadModelState } from '../summaries/read-model-state.js';
import { tally } from './figures.js';
import { VIEW_PROJECTIONS } from './view-projections.js';
import type { ChemistryGrades, GradesView } from './view-types.js';

/** Evaluated batteries per (chemistry, latest grade, band of the latest state of health). */
interface GradeCount {
  chemistry: string;
  grade: string;
  sohBand: string;
  count: number;
}

function gradesViewFrom(asOfPosition: string, counts: readonly GradeCount[]): GradesView {
  const byChemistry = Object.fromEntries(
    CHEMISTRIES.map((chemistry) => {
      const own = counts.filter((count) => count.chemistry === chemistry);
      return [
        chemistry,
        {
          ...tally(
            GRADES,
            own.map(({ grade, count }) => [grade, count]),
          ),
          sohHistogram: tally(
            SOH_BANDS,
            own.map(({ sohBand, count }) => [sohBand, count]),
          ),
        },
      ];
    }),
  ) as Record<Chemistry, ChemistryGrades>;
  return { asOfPosition, byChemistry };
}

export function gradesView(state: ReadModelState): GradesView {
  return gradesViewFrom(
    state.position,
    state.batteries.flatMap(({ chemistry, grade, sohBand }) =>
      grade === null || sohBand === null ? [] : [{ chemistry, grade, sohBand, count: 1 }],
    ),
  );
}

export async function queryGradesView(db: SqlExecutor): Promise<GradesView> {
  const asOfPosition = await readViewPosition(db, VIEW_PROJECTIONS.grades);
  const { rows } = await db.query<GradeCount>(
    `select chemistry, grade, soh_band as "sohBand", count(*)::int as count
     from ${BATTERY_SUMMARY_TABLE} where grade is not null group by chemistry, grade, soh_band`,
  );
  return gradesViewFrom(asOfPosition, rows);
}
