import type { Database, SqlExecutor } from '#libs/database';
import type { EventStore, RecordedEvent } from '#libs/event-store';
import { FencedOut } from './checkpoints.js';
import { inBatches } from './event-batches.js';
import type { Projection, TableNames } from './projection.js';

/** A projection threw on `event`: it stops there until the event is fixed in code or dead-lettered. */
export class ProjectionFailed extends Error {
  override readonly name = 'ProjectionFailed';
  constructor(
    readonly projection: string,
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(`projection ${projection} failed on event ${event.id} (${event.type} at ${event.position}): ${messageOf(cause)}`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface BatchTarget {
  db: Database;
  projection: Projection;
  tables: TableNames;
  /** Dead-lettered event ids: never applied. */
  skip: ReadonlySet<string>;
}

/**
 * Applies one batch in one transaction, after `first` (fencing, checkpoint) in that same
 * transaction, so rows and checkpoint commit together or not at all. When apply throws, a
 * rolled-back replay one event at a time names the event; a failure that does not come back
 * (a lost connection) is rethrown as it was, for the caller to retry.
 */
export async function applyBatch(
  { db, projection, tables, skip }: BatchTarget,
  batch: readonly RecordedEvent[],
  first: (tx: SqlExecutor) => Promise<void>,
): Promise<void> {
  const handled = new Set(projection.eventTypes);
  const events = batch.filter((event) => handled.has(event.type) && !skip.has(event.id));
  try {
    await db.transaction(async (tx) => {
      await first(tx);
      if (events.length > 0) await projection.apply(tx, events, tables);
    });
  } catch (error) {
    if (error instanceof FencedOut) throw error;
    const failure = await locateFailure(db, projection, tables, events).catch(() => null);
    throw failure ?? error;
  }
}

const ROLLBACK = Symbol('rollback');

async function locateFailure(
  db: Database,
  projection: Projection,
  tables: TableNames,
  events: readonly RecordedEvent[],
): Promise<ProjectionFailed | null> {
  let failure: ProjectionFailed | null = null;
  try {
    await db.transaction(async (tx) => {
      for (const event of events) {
        try {
          await projection.apply(tx, [event], tables);
        } catch (error) {
          failure = new ProjectionFailed(projection.name, event, error);
          break;
        }
      }
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return failure;
}

/** The log after `fromPosition` in batches; leaving the loop ends the subscription. */
export async function* batchesFrom(
  store: EventStore,
  fromPosition: string,
  maxSize: number,
  signal: AbortSignal,
): AsyncGenerator<RecordedEvent[]> {
  const done = new AbortController();
  try {
    yield* inBatches(store.subscribe({ fromPosition, signal: AbortSignal.any([signal, done.signal]) }), maxSize);
  } finally {
    done.abort();
  }
}
