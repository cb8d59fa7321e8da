import type { SqlExecutor } from '#libs/database';
import { MATERIAL_FIELDS, type MaterialField } from '#libs/lifecycle';
import { BATTERY_SUMMARY_TABLE } from '../read-models/batteries-projection.js';
import { readViewPosition } from '../runner/checkpoints.js';
import type { BatterySummary } from '../summaries/battery-summary.js';
import type { ReadModelState } from '../summaries/read-model-state.js';
import { percent, round2, sum } from './figures.js';
import { VIEW_PROJECTIONS } from './view-projections.js';
import type { Element, ElementRecovery, MaterialsView } from './view-types.js';

const elementOf = (field: MaterialField) => field.slice(0, -'Kg'.length) as Element;

/** EU Battery Regulation Annex XII material recovery targets for end-2027. */
export const RECOVERY_TARGET_PCT: Partial<Record<Element, number>> = { lithium: 50, cobalt: 90, nickel: 90, copper: 90 };

/** Sums over the batteries with a recycling outcome, unrounded. */
interface MaterialTotals {
  batteriesRecycled: number;
  inputMassKg: number;
  declared: Record<MaterialField, number>;
  recovered: Record<MaterialField, number>;
}

function materialsViewFrom(asOfPosition: string, totals: MaterialTotals): MaterialsView {
  const elements = Object.fromEntries(
    MATERIAL_FIELDS.map((field) => [
      elementOf(field),
      {
        declaredKg: round2(totals.declared[field]),
        recoveredKg: round2(totals.recovered[field]),
        recoveryPct: percent(totals.recovered[field], totals.declared[field]),
        targetPct: RECOVERY_TARGET_PCT[elementOf(field)] ?? null,
      },
    ]),
  ) as Record<Element, ElementRecovery>;
  return {
    asOfPosition,
    batteriesRecycled: totals.batteriesRecycled,
    inputMassKg: round2(totals.inputMassKg),
    elements,
    recyclingEfficiencyPct: percent(sum(MATERIAL_FIELDS.map((field) => totals.recovered[field])), totals.inputMassKg),
  };
}

function perField(amount: (field: MaterialField) => number): Record<MaterialField, number> {
  return Object.fromEntries(MATERIAL_FIELDS.map((field) => [field, amount(field)])) as Record<MaterialField, number>;
}

export function materialsView(state: ReadModelState): MaterialsView {
  const recycled = state.batteries.filter((battery) => battery.recycled);
  const sumOf = (amount: (battery: BatterySummary) => number) => sum(recycled.map(amount));
  return materialsViewFrom(state.position, {
    batteriesRecycled: recycled.length,
    inputMassKg: sumOf((battery) => battery.inputMassKg ?? 0),
    declared: perField((field) => sumOf((battery) => battery.declaredMaterials[field] ?? 0)),
    recovered: perField((field) => sumOf((battery) => battery.recoveredMaterials?.[field] ?? 0)),
  });
}

// Field names come from MATERIAL_FIELDS, never from input, so they can sit in the SQL text.
const materialSums = (column: string) =>
  MATERIAL_FIELDS.map((field) => `coalesce(sum((${column}->>'${field}')::numeric), 0)::float8 as "${column}:${field}"`).join(',\n');

export async function queryMaterialsView(db: SqlExecutor): Promise<MaterialsView> {
  const asOfPosition = await readViewPosition(db, VIEW_PROJECTIONS.materials);
  const { rows } = await db.query<Record<string, number>>(
    `select count(*)::int as "batteriesRecycled", coalesce(sum(input_mass_kg), 0)::float8 as "inputMassKg",
       ${materialSums('declared_materials')},
       ${materialSums('recovered_materials')}
     from ${BATTERY_SUMMARY_TABLE} where recycled`,
  );
  const [row] = rows;
  return materialsViewFrom(asOfPosition, {
    batteriesRecycled: row.batteriesRecycled,
    inputMassKg: row.inputMassKg,
    declared: perField((field) => row[`declared_materials:${field}`]),
    recovered: perField((field) => row[`recovered_materials:${field}`]),
  });
}
