import type { SqlExecutor } from '#libs/database';
import { HAZARD_CLASSES } from '#libs/lifecycle';
import { BATTERY_SUMMARY_TABLE } from '../read-models/batteries-projection.js';
import { SITE_ZONES_TABLE } from '../read-models/sites-projection.js';
import { readViewPosition } from '../runner/checkpoints.js';
import { SOC_BANDS } from '../summaries/bands.js';
import type { ReadModelState } from '../summaries/read-model-state.js';
import type { ZoneSummary } from '../summaries/zone-summary.js';
import { round2, sum, tally } from './figures.js';
import { compareIds } from './id-order.js';
import { VIEW_PROJECTIONS } from './view-projections.js';
import type { InventoryView, InventoryZone } from './view-types.js';

/** Dwell time runs on the reader's clock, so it is computed at query time, never stored. */
export interface InventoryViewQuery {
  now?: Date;
}

const DAY_MS = 86_400_000;

/** Stored batteries per (site, zone, hazard class, state-of-charge band), dwell days summed. */
interface StoredCount {
  siteId: string;
  zone: string;
  hazardClass: string | null;
  socBand: string;
  dwellDays: number;
  count: number;
}

function inventoryViewFrom(asOfPosition: string, zones: readonly ZoneSummary[], stored: readonly StoredCount[]): InventoryView {
  const storedByZone = new Map<string, StoredCount[]>();
  for (const count of stored) {
    const key = JSON.stringify([count.siteId, count.zone]);
    storedByZone.set(key, [...(storedByZone.get(key) ?? []), count]);
  }
  const sites: InventoryView['sites'] = [];
  for (const zone of [...zones].sort((a, b) => compareIds(a.siteId, b.siteId) || a.ordinal - b.ordinal)) {
    if (sites.at(-1)?.siteId !== zone.siteId) sites.push({ siteId: zone.siteId, zones: [] });
    sites.at(-1)!.zones.push(inventoryZone(zone, storedByZone.get(JSON.stringify([zone.siteId, zone.zone])) ?? []));
  }
  return { asOfPosition, sites };
}

function inventoryZone({ zone, kind, capacity }: ZoneSummary, stored: readonly StoredCount[]): InventoryZone {
  const occupied = sum(stored.map(({ count }) => count));
  return {
    zone,
    kind,
    capacity,
    occupied,
    free: capacity - occupied,
    byHazardClass: tally(
      HAZARD_CLASSES,
      stored.map(({ hazardClass, count }) => [hazardClass, count]),
    ),
    bySocBand: tally(
      SOC_BANDS,
      stored.map(({ socBand, count }) => [socBand, count]),
    ),
    meanDwellDays: occupied === 0 ? null : round2(sum(stored.map(({ dwellDays }) => dwellDays)) / occupied),
  };
}

export function inventoryView(state: ReadModelState, { now = new Date() }: InventoryViewQuery = {}): InventoryView {
  const stored = state.batteries.flatMap(({ location, storedAt, hazardClass, socBand }) =>
    location === null || storedAt === null
      ? []
      : [{ ...location, hazardClass, socBand, dwellDays: (now.getTime() - Date.parse(storedAt)) / DAY_MS, count: 1 }],
  );
  return inventoryViewFrom(state.position, state.zones, stored);
}

export async function queryInventoryView(db: SqlExecutor, { now = new Date() }: InventoryViewQuery = {}): Promise<InventoryView> {
  const asOfPosition = await readViewPosition(db, VIEW_PROJECTIONS.inventory);
  const zones = await db.query<ZoneSummary>(`select site_id as "siteId", zone, ordinal, kind, capacity from ${SITE_ZONES_TABLE}`);
  const stored = await db.query<StoredCount>(
    `select location_site_id as "siteId", location_zone as zone, hazard_class as "hazardClass", soc_band as "socBand",
       sum(extract(epoch from $1::timestamptz - stored_at) / 86400)::float8 as "dwellDays", count(*)::int as count
     from ${BATTERY_SUMMARY_TABLE} where location_site_id is not null
     group by location_site_id, location_zone, hazard_class, soc_band`,
    [now.toISOString()],
  );
  return inventoryViewFrom(asOfPosition, zones.rows, stored.rows);
}
