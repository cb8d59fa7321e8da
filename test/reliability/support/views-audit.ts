/**
 * The read models after a soak against a from-scratch computation: `projectEvents` folds the
 * whole log in memory and the pure view functions render it; each API process must serve the
 * same figures once its projections reached the log's head (`?minPosition=`).
 */
import type { RecordedEvent } from '#libs/event-store';
import {
  batteryList,
  certificatesView,
  circularityView,
  gradesView,
  inventoryView,
  lifecycleView,
  materialsView,
  projectEvents,
  type ReadModelState,
} from '#libs/projections';
import { KEYS } from './cluster.js';

const VIEWS: Record<string, (state: ReadModelState, now: Date) => { asOfPosition: string }> = {
  inventory: (state, now) => inventoryView(state, { now }),
  lifecycle: (state) => lifecycleView(state),
  grades: (state) => gradesView(state),
  circularity: (state) => circularityView(state),
  materials: (state) => materialsView(state),
  certificates: (state, now) => certificatesView(state, { now }),
};

/** What a view says, without where it says it from (projections move their checkpoint past foreign events). */
function figures(view: { asOfPosition?: unknown }): unknown {
  const { asOfPosition: _ignored, ...rest } = JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
  return rest;
}

async function get(baseUrl: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${KEYS.auditor}` } });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function allPages(page: (cursor: string | null) => Promise<{ items?: unknown; nextCursor?: unknown }>): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let cursor: string | null = null; ;) {
    const { items: pageItems, nextCursor } = await page(cursor);
    items.push(...(pageItems as unknown[]));
    if (typeof nextCursor !== 'string') return items;
    cursor = nextCursor;
  }
}

export interface ViewComparison {
  name: string;
  served: unknown;
  rebuilt: unknown;
}

/** Each view and the whole battery list as served by `baseUrl` and as rebuilt from `events`. */
export async function compareViews(baseUrl: string, events: readonly RecordedEvent[]): Promise<ViewComparison[]> {
  const head = events.at(-1)?.position ?? '0';
  const state = projectEvents(events);
  const now = new Date();
  const comparisons: ViewComparison[] = [];
  for (const [name, render] of Object.entries(VIEWS)) {
    const served = await get(baseUrl, `/api/v1/views/${name}?minPosition=${head}`);
    comparisons.push({ name, served: figures(served), rebuilt: figures(render(state, now)) });
  }
  const served = await allPages((cursor) =>
    get(baseUrl, `/api/v1/batteries?limit=500&minPosition=${head}${cursor ? `&cursor=${cursor}` : ''}`),
  );
  const rebuilt = await allPages(async (cursor) => batteryList(state, { limit: 500, ...(cursor && { cursor }) }));
  comparisons.push({ name: 'battery list', served, rebuilt: JSON.parse(JSON.stringify(rebuilt)) });
  return comparisons;
}
