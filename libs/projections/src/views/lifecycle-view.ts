import type { SqlExecutor } from '#libs/database';
import { PASSPORT_STATUSES, STAGES } from '#libs/lifecycle';
import { BATTERY_SUMMARY_TABLE } from '../read-models/batteries-projection.js';
import { readViewPosition } from '../runner/checkpoints.js';
import type { ReadModelState } from '../summaries/read-model-state.js';
import { sum, tally } from './figures.js';
import { VIEW_PROJECTIONS } from './view-projections.js';
import type { LifecycleView } from './view-types.js';

/** Batteries per (stage, status): one per battery in memory, grouped in SQL. */
interface LifecycleCount {
  stage: string;
  status: string;
  transferredOut: boolean;
  count: number;
}

function lifecycleViewFrom(asOfPosition: string, counts: readonly LifecycleCount[]): LifecycleView {
  return {
    asOfPosition,
    total: sum(counts.map(({ count }) => count)),
    byStage: tally(
      STAGES,
      counts.map(({ stage, count }) => [stage, count]),
    ),
    byStatus: tally(
      PASSPORT_STATUSES,
      counts.map(({ status, count }) => [status, count]),
    ),
    transferredOut: sum(counts.filter(({ transferredOut }) => transferredOut).map(({ count }) => count)),
  };
}

export function lifecycleView(state: ReadModelState): LifecycleView {
  return lifecycleViewFrom(
    state.position,
    state.batteries.map(({ stage, status, transferredOut }) => ({ stage, status, transferredOut, count: 1 })),
  );
}

export async function queryLifecycleView(db: SqlExecutor): Promise<LifecycleView> {
  const asOfPosition = await readViewPosition(db, VIEW_PROJECTIONS.lifecycle);
  const { rows } = await db.query<LifecycleCount>(
    `select stage, status, transferred_out as "transferredOut", count(*)::int as count
     from ${BATTERY_SUMMARY_TABLE} group by stage, status, transferred_out`,
  );
  return lifecycleViewFrom(asOfPosition, rows);
}
