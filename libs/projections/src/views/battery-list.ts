import type { SqlExecutor } from '#libs/database';
import { BATTERY_SUMMARY_TABLE } from '../read-models/batteries-projection.js';
import { readViewPosition } from '../runner/checkpoints.js';
import type { BatterySummary } from '../summaries/battery-summary.js';
import type { ReadModelState } from '../summaries/read-model-state.js';
import { compareIds } from './id-order.js';
import { VIEW_PROJECTIONS } from './view-projections.js';
import type { BatteryList, BatteryListItem } from './view-types.js';

/** Filters match exactly; `siteId` is the site holding the battery (received there, not yet gone). */
export interface BatteryListQuery {
  status?: string;
  stage?: string;
  chemistry?: string;
  grade?: string;
  siteId?: string;
  limit?: number;
  cursor?: string;
}

export const BATTERY_LIST_LIMIT = { default: 50, max: 500 } as const;

/** A limit or cursor the list cannot use (HTTP 400, naming `field`). */
export class InvalidBatteryListQuery extends Error {
  override readonly name = 'InvalidBatteryListQuery';
  constructor(
    readonly field: 'limit' | 'cursor',
    message: string,
  ) {
    super(message);
  }
}

/** Filters and the battery_summary column each matches. */
const FILTER_COLUMNS = {
  status: 'status',
  stage: 'stage',
  chemistry: 'chemistry',
  grade: 'grade',
  siteId: 'site_id',
} as const satisfies Partial<Record<keyof BatterySummary, string>>;
const FILTERS = Object.keys(FILTER_COLUMNS) as (keyof typeof FILTER_COLUMNS)[];

interface Page {
  limit: number;
  /** Items start strictly after this battery id. */
  after: string | null;
}

function pageOf({ limit = BATTERY_LIST_LIMIT.default, cursor }: BatteryListQuery): Page {
  if (!Number.isInteger(limit) || limit < 1 || limit > BATTERY_LIST_LIMIT.max) {
    throw new InvalidBatteryListQuery('limit', `limit must be an integer from 1 to ${BATTERY_LIST_LIMIT.max}`);
  }
  return { limit, after: cursor === undefined ? null : decodeCursor(cursor) };
}

function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'after' in decoded && typeof decoded.after === 'string') return decoded.after;
  } catch {
    // reported below like any other cursor this list did not hand out
  }
  throw new InvalidBatteryListQuery('cursor', 'cursor is not one this list returned');
}

/** `candidates` holds up to limit + 1 items in id order: the extra one proves a next page exists. */
function listFrom(asOfPosition: string, candidates: readonly BatteryListItem[], { limit }: Page): BatteryList {
  const items = candidates.slice(0, limit);
  return { asOfPosition, items, nextCursor: candidates.length > limit ? encodeCursor(items[items.length - 1].batteryId) : null };
}

export function batteryList(state: ReadModelState, query: BatteryListQuery = {}): BatteryList {
  const page = pageOf(query);
  const candidates = state.batteries
    .filter((battery) => FILTERS.every((filter) => query[filter] === undefined || battery[filter] === query[filter]))
    .filter((battery) => page.after === null || compareIds(battery.batteryId, page.after) > 0)
    .sort((a, b) => compareIds(a.batteryId, b.batteryId))
    .slice(0, page.limit + 1)
    .map(({ batteryId, status, stage, chemistry, grade, location }) => ({ batteryId, status, stage, chemistry, grade, location }));
  return listFrom(state.position, candidates, page);
}

interface ListRow extends Omit<BatteryListItem, 'location'> {
  location_site_id: string | null;
  location_zone: string | null;
  location_slot: string | null;
}

export async function queryBatteryList(db: SqlExecutor, query: BatteryListQuery = {}): Promise<BatteryList> {
  const page = pageOf(query);
  const asOfPosition = await readViewPosition(db, VIEW_PROJECTIONS.batteryList);
  const params: unknown[] = [];
  const where: string[] = [];
  for (const filter of FILTERS) {
    const value = query[filter];
    if (value === undefined) continue;
    params.push(value);
    where.push(`${FILTER_COLUMNS[filter]} = $${params.length}`);
  }
  if (page.after !== null) {
    params.push(page.after);
    where.push(`battery_id > $${params.length}`);
  }
  params.push(page.limit + 1);
  const { rows } = await db.query<ListRow>(
    `select battery_id as "batteryId", status, stage, chemistry, grade, location_site_id, location_zone, location_slot
     from ${BATTERY_SUMMARY_TABLE} ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
     order by battery_id limit $${params.length}`,
    params,
  );
  const candidates = rows.map(({ location_site_id: siteId, location_zone: zone, location_slot: slot, ...item }) => ({
    ...item,
    location: siteId === null || zone === null || slot === null ? null : { siteId, zone, slot },
  }));
  return listFrom(asOfPosition, candidates, page);
}
