import { comparePositions, type EventStore } from '#libs/event-store';
import type { Database } from '#libs/database';
import { applyBatch, batchesFrom, shareOf, type BatchTarget } from './apply-batch.js';
import { advanceCheckpoint } from './checkpoints.js';
import type { ProjectionLease } from './lease.js';
import { SHADOW_TABLES, createShadowTables, dropShadowTables, swapShadowTables } from './shadow-tables.js';

export interface RebuildProgress {
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

export interface RebuildContext extends Omit<BatchTarget, 'tables'> {
  db: Database;
  store: EventStore;
  lease: ProjectionLease;
  batchSize: number;
  signal: AbortSignal;
  /** Stops live application and returns its checkpoint, which the swap takes over from. */
  stopLive(): Promise<string>;
  onProgress(progress: RebuildProgress): void;
}

/**
 * Replays the whole log into shadow copies of the projection's tables while the live tables keep
 * answering (and keep following the log). Once the copy has caught up with the head, live
 * application stops, the copy overtakes its checkpoint, and one transaction swaps the tables and
 * moves the checkpoint (with the projection's code version). Every batch commits on its own: a
 * long writing transaction would hold back the event store's subscription horizon.
 */
export async function rebuildProjection(context: RebuildContext): Promise<RebuildProgress> {
  const { db, store, projection, lease, batchSize, signal, onProgress } = context;
  const startedAt = new Date();
  const progress: RebuildProgress = {
    projection: projection.name,
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

  await db.transaction((tx) => createShadowTables(tx, projection.tables));
  const batches = batchesFrom(store, '0', batchSize, signal);
  const catchUp = async () => {
    while (comparePositions(progress.position, progress.targetPosition) < 0) {
      const next = await batches.next();
      if (next.done === true) throw new Error(`rebuild of ${projection.name} stopped before it caught up`);
      await applyBatch(db, [shareOf({ ...context, tables: SHADOW_TABLES }, next.value, '0')], (tx) => lease.fence(tx));
      progress.position = next.value[next.value.length - 1].position;
      progress.events += next.value.length;
      report('replaying');
    }
  };
  try {
    await catchUp();
    const livePosition = await context.stopLive();
    if (comparePositions(livePosition, progress.targetPosition) > 0) progress.targetPosition = livePosition;
    await catchUp();
    report('swapping');
    await db.transaction(async (tx) => {
      await lease.fence(tx);
      await advanceCheckpoint(tx, projection.name, livePosition, progress.position, projection.version);
      await swapShadowTables(tx, projection.tables);
    });
    report('done');
    return { ...progress };
  } catch (error) {
    await db.transaction((tx) => dropShadowTables(tx, projection.tables)).catch(() => undefined);
    throw error;
  } finally {
    await batches.return(undefined);
  }
}
