import type { SqlExecutor } from '#libs/database';
import { APPLICATIONS, SECOND_LIFE_KINDS } from '#libs/lifecycle';
import { BATTERY_SUMMARY_TABLE } from '../read-models/batteries-projection.js';
import { readViewPosition } from '../runner/checkpoints.js';
import type { ReadModelState } from '../summaries/read-model-state.js';
import { ratio, round2, sum, tally } from './figures.js';
import { VIEW_PROJECTIONS } from './view-projections.js';
import type { CircularityView } from './view-types.js';

/** Batteries per combination of the steps they ever reached, with their second-life energy summed. */
interface CircularityCount {
  received: boolean;
  evaluated: boolean;
  handedOver: boolean;
  recycled: boolean;
  transferredOut: boolean;
  secondLifeKind: string | null;
  secondLifeApplication: string | null;
  energyKWh: number | null;
  count: number;
}

function circularityViewFrom(asOfPosition: string, counts: readonly CircularityCount[]): CircularityView {
  const countWhere = (reached: (count: CircularityCount) => boolean) => sum(counts.filter(reached).map(({ count }) => count));
  const secondLife = counts.filter(({ secondLifeKind }) => secondLifeKind !== null);
  const secondLifeTotal = sum(secondLife.map(({ count }) => count));
  const handedOver = countWhere((count) => count.handedOver);
  return {
    asOfPosition,
    received: countWhere((count) => count.received),
    evaluated: countWhere((count) => count.evaluated),
    secondLife: {
      total: secondLifeTotal,
      byKind: tally(
        SECOND_LIFE_KINDS,
        secondLife.map(({ secondLifeKind, count }) => [secondLifeKind, count]),
      ),
      byApplication: tally(
        APPLICATIONS,
        secondLife.map(({ secondLifeApplication, count }) => [secondLifeApplication, count]),
      ),
      energyKWh: round2(sum(secondLife.map(({ energyKWh }) => energyKWh ?? 0))),
    },
    handedOver,
    recycled: countWhere((count) => count.recycled),
    transferredOut: countWhere((count) => count.transferredOut),
    secondLifeShare: ratio(secondLifeTotal, secondLifeTotal + handedOver),
  };
}

export function circularityView(state: ReadModelState): CircularityView {
  return circularityViewFrom(
    state.position,
    state.batteries.map((battery) => ({
      received: battery.received,
      evaluated: battery.evaluated,
      handedOver: battery.handedOver,
      recycled: battery.recycled,
      transferredOut: battery.transferredOut,
      secondLifeKind: battery.secondLifeKind,
      secondLifeApplication: battery.secondLifeApplication,
      energyKWh: battery.secondLifeEnergyKWh,
      count: 1,
    })),
  );
}

export async function queryCircularityView(db: SqlExecutor): Promise<CircularityView> {
  const asOfPosition = await readViewPosition(db, VIEW_PROJECTIONS.circularity);
  const { rows } = await db.query<CircularityCount>(
    `select received, evaluated, handed_over as "handedOver", recycled, transferred_out as "transferredOut",
       second_life_kind as "secondLifeKind", second_life_application as "secondLifeApplication",
       sum(second_life_energy_kwh)::float8 as "energyKWh", count(*)::int as count
     from ${BATTERY_SUMMARY_TABLE}
     group by received, evaluated, handed_over, recycled, transferred_out, second_life_kind, second_life_application`,
  );
  return circularityViewFrom(asOfPosition, rows);
}
