import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '#libs/database';
import { comparePositions, type EventStore } from '#libs/event-store';
import { ProjectionFailed, applyBatch, batchesFrom, messageOf, shareOf, type BatchTarget } from './apply-batch.js';
import { FencedOut, advanceCheckpoint, failedEventOf, recordFailure } from './checkpoints.js';
import type { ProjectionLease } from './lease.js';
import type { ProjectionLogger } from './projection-logger.js';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/** Why live application ended: asked to, every projection threw on an event, or it lost its right to write. */
export type LiveEnd = 'stopped' | 'failed' | 'fenced';

export interface LiveContext {
  db: Database;
  store: EventStore;
  lease: ProjectionLease;
  batchSize: number;
  logger: ProjectionLogger;
  onCommitted(position: string): void;
}

/** A projection following the log, and its checkpoint: everything up to `position` is applied. */
export interface LiveMember extends BatchTarget {
  position: string;
}

/**
 * Follows the log once for every live projection and applies each batch to all of them in one
 * transaction (fence, rows, every checkpoint). Projections may stand at different checkpoints
 * (one resumed after a rebuild, say): the log is read from the lowest, and each applies only what
 * follows its own. A projection that throws on an event is recorded as failed and leaves; the
 * others go on.
 */
export class LiveProjections {
  private readonly stopping = new AbortController();
  private readonly members: Map<string, LiveMember>;
  readonly ended: Promise<LiveEnd>;

  constructor(
    private readonly context: LiveContext,
    members: readonly LiveMember[],
  ) {
    this.members = new Map(members.map((member) => [member.projection.name, { ...member }]));
    this.ended = this.run();
  }

  has(name: string): boolean {
    return this.members.has(name);
  }

  /** Resolves once no batch is in flight; returns the members with the checkpoints they reached. */
  async stop(): Promise<LiveMember[]> {
    this.stopping.abort();
    await this.ended;
    return [...this.members.values()];
  }

  private async run(): Promise<LiveEnd> {
    const { logger } = this.context;
    let retryMs = RETRY_MIN_MS;
    let lastRetryAt = 0;
    while (!this.stopping.signal.aborted) {
      if (this.members.size === 0) return 'failed';
      try {
        await this.follow();
        return 'stopped';
      } catch (error) {
        if (this.stopping.signal.aborted) return 'stopped';
        if (error instanceof FencedOut) return 'fenced';
        if (error instanceof ProjectionFailed) {
          logger.error({ projection: error.projection, eventId: error.event.id, err: error.cause }, error.message);
          await this.recordFailure(error);
          this.members.delete(error.projection);
          continue;
        }
        // A failure well after the last retry is a new outage: back off from the minimum again.
        if (Date.now() - lastRetryAt > 2 * RETRY_MAX_MS) retryMs = RETRY_MIN_MS;
        logger.warn({ projections: [...this.members.keys()], err: error, retryInMs: retryMs }, 'projection batch failed; retrying');
        await sleep(retryMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        lastRetryAt = Date.now();
      }
    }
    return 'stopped';
  }

  private async follow(): Promise<void> {
    const { db, store, batchSize, lease, onCommitted } = this.context;
    const members = [...this.members.values()];
    const from = members.map((member) => member.position).reduce((low, position) => (comparePositions(position, low) < 0 ? position : low));
    for await (const batch of batchesFrom(store, from, batchSize, this.stopping.signal)) {
      const to = batch[batch.length - 1].position;
      const behind = members.filter((member) => comparePositions(member.position, to) < 0);
      if (behind.length === 0) continue;
      await applyBatch(
        db,
        behind.map((member) => shareOf(member, batch, member.position)),
        async (tx) => {
          await lease.fence(tx);
          for (const member of behind) await advanceCheckpoint(tx, member.projection.name, member.position, to);
        },
      );
      for (const member of behind) member.position = to;
      onCommitted(to);
    }
  }

  private async recordFailure(failure: ProjectionFailed): Promise<void> {
    const { db, lease, logger } = this.context;
    await db
      .transaction(async (tx) => {
        await lease.fence(tx);
        await recordFailure(tx, failure.projection, messageOf(failure.cause), failedEventOf(failure.event));
      })
      .catch((error: unknown) => logger.error({ projection: failure.projection, err: error }, 'could not record the failure'));
  }
}
