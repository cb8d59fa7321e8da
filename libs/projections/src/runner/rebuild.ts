import { comparePositions, type EventStore } from '#libs/event-store';
import type { Database } from '#libs/database';
import { applyBatch, batchesFrom, shareOf, type BatchTarget } from './apply-batch.js';
import { advanceCheckpoint } from './checkpoints.js';
import type { ProjectionLease } from './lease.js';
import { SHADOW_TABLES, createShadowTables, dropShadowTables, swapShadowTables } from './shadow-tables.js';

export interface RebuildProgress {
  /** The projections rebuilt together in one replay, joined by `, ` (one name for one). */
  projection: string;
  phase: 'replaying' | 'swapping' | 'done';
  /** Last position replayed into the shadow tables. */
  position: string;
  /** Head of the log when the replay started, then the live checkpoint to overtake. */
  targetPosition: string;
  /** Events read from the log so far (all of them, not only those the projection handles). */
  events: number;
  eventsPerSecond: number;
  startedAt: string;
}

export interface RebuildContext {
  db: Database;
  /** Rebuilt together: one read of the log, one transaction per batch for all of them. */
  targets: readonly Omit<BatchTarget, 'tables'>[];
  store: EventStore;
  lease: ProjectionLease;
  batchSize: number;
  signal: AbortSignal;
  /** Stops live application of a projection and returns its checkpoint, which the swap takes over from. */
  stopLive(name: string): Promise<string>;
  onProgress(progress: RebuildProgress): void;
}

/**
 * Replays the whole log into shadow copies of the projections' tables while the live tables keep
 * answering (and keep following the log). Once the copies have caught up with the head, live
 * application of these projections stops, the copies overtake their checkpoints, and one
 * transaction swaps the tables and moves the checkpoints (with the projections' code versions).
 * Every batch commits on its own: a long writing transaction would hold back the event store's
 * subscription horizon.
 */
export async function rebuildProjections(context: RebuildContext): Promise<RebuildProgress> {
  const { db, store, targets, lease, batchSize, signal, onProgress } = context;
  const projections = targets.map((target) => target.projection);
  const tables = projections.flatMap((projection) => projection.tables);
  const startedAt = new Date();
  const progress: RebuildProgress = {
    projection: projections.map((projection) => projection.name).join(', '),
    phase: 'replaying',
    position: '0',
    targetPosition: await store.headPosition(),
    events: 0,
    eventsPerSecond: 0,
    startedAt: startedAt.toISOString(),
  };
  const report = (phase: RebuildProgress['phase']) => {
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    Object.assign(progress, { phase, eventsPerSecond: seconds > 0 ? Math.round(progress.events / seconds) : 0 });
    onProgress({ ...progress });
  };

  await db.transaction((tx) => createShadowTables(tx, tables));
  const batches = batchesFrom(store, '0', batchSize, signal);
  const shadows = targets.map((target) => ({ ...target, tables: SHADOW_TABLES }));
  const catchUp = async () => {
    while (comparePositions(progress.position, progress.targetPosition) < 0) {
      const next = await batches.next();
      if (next.done === true) throw new Error(`rebuild of ${progress.projection} stopped before it caught up`);
      await applyBatch(
        db,
        shadows.map((target) => shareOf(target, next.value, '0')),
        (tx) => lease.fence(tx),
      );
      progress.position = next.value[next.value.length - 1].position;
      progress.events += next.value.length;
      report('replaying');
    }
  };
  try {
    await catchUp();
    const livePositions: string[] = [];
    for (const projection of projections) livePositions.push(await context.stopLive(projection.name));
    for (const position of livePositions) if (comparePositions(position, progress.targetPosition) > 0) progress.targetPosition = position;
    await catchUp();
    report('swapping');
    await db.transaction(async (tx) => {
      await lease.fence(tx);
      for (const [i, projection] of projections.entries()) {
        await advanceCheckpoint(tx, projection.name, livePositions[i]!, progress.position, projection.version);
        await swapShadowTables(tx, projection.tables);
      }
    });
    report('done');
    return { ...progress };
  } catch (error) {
    await db.transaction((tx) => dropShadowTables(tx, tables)).catch(() => undefined);
    throw error;
  } finally {
    await batches.return(undefined);
  }
}
