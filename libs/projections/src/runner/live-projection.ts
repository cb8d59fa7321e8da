import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '#libs/event-store';
import { ProjectionFailed, applyBatch, batchesFrom, messageOf, type BatchTarget } from './apply-batch.js';
import { FencedOut, advanceCheckpoint, failedEventOf, recordFailure } from './checkpoints.js';
import type { ProjectionLease } from './lease.js';
import type { ProjectionLogger } from './projection-logger.js';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/** Why a live projection stopped: asked to, threw on an event, or lost its right to write. */
export type LiveEnd = 'stopped' | 'failed' | 'fenced';

export interface LiveContext extends BatchTarget {
  store: EventStore;
  lease: ProjectionLease;
  batchSize: number;
  logger: ProjectionLogger;
  onCommitted(position: string): void;
}

/** Follows the log from a checkpoint and applies it to a projection's live tables. */
export class LiveProjection {
  private readonly stopping = new AbortController();
  readonly ended: Promise<LiveEnd>;

  constructor(
    private readonly context: LiveContext,
    /** The checkpoint: everything up to here is applied. */
    public position: string,
  ) {
    this.ended = this.run();
  }

  /** Resolves once no batch is in flight; returns the checkpoint reached. */
  async stop(): Promise<string> {
    this.stopping.abort();
    await this.ended;
    return this.position;
  }

  private async run(): Promise<LiveEnd> {
    const { projection, logger } = this.context;
    let retryMs = RETRY_MIN_MS;
    let lastRetryAt = 0;
    while (!this.stopping.signal.aborted) {
      try {
        await this.follow();
        return 'stopped';
      } catch (error) {
        if (this.stopping.signal.aborted) return 'stopped';
        if (error instanceof FencedOut) return 'fenced';
        if (error instanceof ProjectionFailed) {
          logger.error({ projection: projection.name, eventId: error.event.id, err: error.cause }, error.message);
          await this.recordFailure(error);
          return 'failed';
        }
        // A failure well after the last retry is a new outage: back off from the minimum again.
        if (Date.now() - lastRetryAt > 2 * RETRY_MAX_MS) retryMs = RETRY_MIN_MS;
        logger.warn({ projection: projection.name, err: error, retryInMs: retryMs }, 'projection batch failed; retrying');
        await sleep(retryMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        lastRetryAt = Date.now();
      }
    }
    return 'stopped';
  }

  private async follow(): Promise<void> {
    const { store, batchSize, lease, projection, onCommitted } = this.context;
    for await (const batch of batchesFrom(store, this.position, batchSize, this.stopping.signal)) {
      const to = batch[batch.length - 1].position;
      await applyBatch(this.context, batch, async (tx) => {
        await lease.fence(tx);
        await advanceCheckpoint(tx, projection.name, this.position, to);
      });
      this.position = to;
      onCommitted(to);
    }
  }

  private async recordFailure(failure: ProjectionFailed): Promise<void> {
    const { db, lease, projection, logger } = this.context;
    await db
      .transaction(async (tx) => {
        await lease.fence(tx);
        await recordFailure(tx, projection.name, messageOf(failure.cause), failedEventOf(failure.event));
      })
      .catch((error: unknown) => logger.error({ projection: projection.name, err: error }, 'could not record the failure'));
  }
}
