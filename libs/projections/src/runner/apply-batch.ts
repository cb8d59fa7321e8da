import type { Database, SqlExecutor } from '#libs/database';
import { comparePositions, type EventStore, type RecordedEvent } from '#libs/event-store';
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
  projection: Projection;
  tables: TableNames;
  /** Dead-lettered event ids: never applied. */
  skip: ReadonlySet<string>;
}

/** A projection's share of a batch: the events after its own position that it handles. */
export interface BatchShare {
  target: BatchTarget;
  events: readonly RecordedEvent[];
}

/** The events of `batch` after `after` that `target` applies. */
export function shareOf(target: BatchTarget, batch: readonly RecordedEvent[], after: string): BatchShare {
  const handled = new Set(target.projection.eventTypes);
  const events = batch.filter(
    (event) => handled.has(event.type) && !target.skip.has(event.id) && comparePositions(event.position, after) > 0,
  );
  return { target, events };
}

/**
 * Applies one batch to every projection in one transaction, after `first` (fencing, checkpoints)
 * in that same transaction, so rows and checkpoints commit together or not at all: one commit (and
 * one WAL flush) per batch however many projections follow the log. When an apply throws, a
 * rolled-back replay one event at a time, projection by projection, names the projection and the
 * event; a failure that does not come back (a lost connection) is rethrown as it was, for the
 * caller to retry.
 */
export async function applyBatch(db: Database, shares: readonly BatchShare[], first: (tx: SqlExecutor) => Promise<void>): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await first(tx);
      for (const { target, events } of shares) if (events.length > 0) await target.projection.apply(tx, events, target.tables);
    });
  } catch (error) {
    if (error instanceof FencedOut) throw error;
    for (const share of shares) {
      const failure = await locateFailure(db, share).catch(() => null);
      if (failure) throw failure;
    }
    throw error;
  }
}

const ROLLBACK = Symbol('rollback');

async function locateFailure(db: Database, { target, events }: BatchShare): Promise<ProjectionFailed | null> {
  const { projection, tables } = target;
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
