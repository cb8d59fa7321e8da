import type { SqlExecutor } from '#libs/database';
import type { RecordedEvent } from '#libs/event-store';
import { siteCreatedOf } from '../summaries/domain-events.js';
import { zonesOf, type ZoneSummary } from '../summaries/zone-summary.js';
import type { Projection, TableNames } from '../runner/projection.js';
import { upsertRows } from './upsert-rows.js';

export const SITES_PROJECTION = 'sites';
export const SITE_ZONES_TABLE = 'site_zones';

const CREATE_TABLES = `
create table ${SITE_ZONES_TABLE} (
  site_id text collate "C" not null,
  zone text collate "C" not null,
  ordinal integer not null,
  kind text not null,
  capacity integer not null,
  primary key (site_id, zone)
);
`;

/**
 * The zones of every site, for the inventory. Occupancy comes from the batteries' own storage
 * events (battery_summary), which carry the state of charge and dwell start the site's slot
 * events lack, so only SiteCreated matters here.
 */
export const sitesProjection: Projection = {
  name: SITES_PROJECTION,
  version: 1,
  eventTypes: ['SiteCreated'],
  tables: [SITE_ZONES_TABLE],
  migrations: [{ id: '001-site-zones', sql: CREATE_TABLES }],
  apply: applySiteEvents,
};

async function applySiteEvents(tx: SqlExecutor, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
  const zones = events.flatMap((event) => {
    const created = siteCreatedOf(event);
    return created === null ? [] : zonesOf(created);
  });
  await upsertRows(tx, tables(SITE_ZONES_TABLE), ['site_id', 'zone'], zones.map(zoneRow));
}

function zoneRow(zone: ZoneSummary): Record<string, unknown> {
  return { site_id: zone.siteId, zone: zone.zone, ordinal: zone.ordinal, kind: zone.kind, capacity: zone.capacity };
}
