import { randomUUID } from 'node:crypto';
import { runMigrations, type Database } from '#libs/database';
import { comparePositions, type EventStore } from '#libs/event-store';
import { ProjectionFailed, messageOf } from './apply-batch.js';
import {
  RUNNER_MIGRATION_NAMESPACE,
  deadLetter,
  deadLetteredIds,
  ensureCheckpoint,
  failedEventOf,
  markRunning,
  readCheckpoint,
  readCheckpoints,
  recordFailure,
  projectionMigrationNamespace,
  runnerMigrations,
  type Checkpoint,
  type FailedEvent,
} from './checkpoints.js';
import { ProjectionLease } from './lease.js';
import { LiveProjection, type LiveEnd } from './live-projection.js';
import { Notifier } from './notifier.js';
import { SILENT_LOGGER, type ProjectionLogger } from './projection-logger.js';
import { LIVE_TABLES, type Projection } from './projection.js';
import { rebuildProjection, type RebuildProgress } from './rebuild.js';

export interface ProjectionRunnerOptions {
  db: Database;
  store: EventStore;
  projections: readonly Projection[];
  /** Events per transaction, at most; default 500. */
  batchSize?: number;
  /** How long the lease outlives its holder; renewed every third of it. Default 15 s. */
  leaseTtlMs?: number;
  logger?: ProjectionLogger;
}

/** `failed` comes from the checkpoint row; the rest is this process's part in it. */
export type ProjectionState = 'running' | 'rebuilding' | 'failed' | 'standby' | 'stopped';

export interface ProjectionStatus {
  name: string;
  /** The code's version; `storedVersion` is the version the live tables were built by. */
  version: number;
  storedVersion: number;
  state: ProjectionState;
  position: string;
  headPosition: string;
  /** Events after `position`, counted up to 1000. */
  lagEvents: number;
  error: string | null;
  failedEvent: FailedEvent | null;
  updatedAt: string;
  rebuild: RebuildProgress | null;
}

/** No projection by that name (HTTP 404). */
export class UnknownProjection extends Error {
  override readonly name = 'UnknownProjection';
}

/** An admin command that does not fit the projection's current state (HTTP 409). */
export class ProjectionCommandRejected extends Error {
  override readonly name = 'ProjectionCommandRejected';
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_LEASE_TTL_MS = 15_000;
const WAIT_POLL_MS = 100;
const LAG_COUNT_LIMIT = 1_000;

interface RebuildJob {
  abort: AbortController;
  done: Promise<RebuildProgress>;
  progress: RebuildProgress | null;
}

/**
 * Keeps projections up to date from the event store's subscription, one transaction per batch
 * holding both the rows and the checkpoint. One process at a time applies events (see
 * ProjectionLease); the others stand by and still answer status and waitForPosition.
 * Leadership, starts and stops are serialised through `exclusive`, so a projection never has
 * two loops.
 */
export class ProjectionRunner {
  private readonly db: Database;
  private readonly store: EventStore;
  private readonly projections: ReadonlyMap<string, Projection>;
  private readonly batchSize: number;
  private readonly leaseTtlMs: number;
  private readonly logger: ProjectionLogger;
  private readonly lease: ProjectionLease;
  private leaseCheckedAt: Date | undefined;
  private readonly live = new Map<string, LiveProjection>();
  private readonly rebuilds = new Map<string, RebuildJob>();
  private readonly committed = new Notifier();
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private leading = false;

  constructor(options: ProjectionRunnerOptions) {
    this.db = options.db;
    this.store = options.store;
    this.projections = new Map(options.projections.map((projection) => [projection.name, projection]));
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.lease = new ProjectionLease(this.db, randomUUID(), this.leaseTtlMs);
  }

  /** True while this process holds the lease and applies events. */
  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * When the database last answered this process's lease check (every third of the lease TTL),
   * leader or standby: the projector's liveness, which its container healthcheck reads.
   */
  get lastLeaseCheckAt(): Date | undefined {
    return this.leaseCheckedAt;
  }

  /**
   * Migrates the runner's and the projections' tables, then leads (takes the lease, follows the
   * log, rebuilds projections whose code version changed) or stands by until the lease is free.
   */
  async start(): Promise<void> {
    await this.migrate();
    this.running = true;
    await this.exclusive(() => this.tick());
    this.timer = setInterval(() => {
      this.exclusive(() => this.tick()).catch((error: unknown) => this.logger.error({ err: error }, 'projection runner tick failed'));
    }, this.leaseTtlMs / 3);
    this.timer.unref();
  }

  /**
   * Creates the runner's and the projections' tables. A process that only reads the views (an API
   * next to a separate projector) calls this alone, so its queries work before any projector ran.
   */
  async migrate(): Promise<void> {
    await runMigrations(this.db, RUNNER_MIGRATION_NAMESPACE, runnerMigrations);
    for (const projection of this.projections.values()) {
      await runMigrations(this.db, projectionMigrationNamespace(projection.name), projection.migrations);
      await ensureCheckpoint(this.db, projection.name, projection.version);
    }
  }

  /** Finishes the batches in flight, stops following the log and frees the lease. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    await this.exclusive(() => this.stepDown());
    await this.lease.release();
  }

  async status(): Promise<ProjectionStatus[]> {
    const checkpoints = await readCheckpoints(this.db, [...this.projections.keys()]);
    const headPosition = await this.store.headPosition();
    return Promise.all(
      [...this.projections.values()].map(async (projection) => {
        const checkpoint = checkpoints.get(projection.name);
        if (checkpoint === undefined) throw new Error(`projection ${projection.name} has no checkpoint: start the runner first`);
        const behind = comparePositions(checkpoint.position, headPosition) < 0;
        return {
          name: projection.name,
          version: projection.version,
          storedVersion: checkpoint.version,
          state: this.stateOf(checkpoint),
          position: checkpoint.position,
          headPosition,
          lagEvents: behind ? (await this.store.readAll({ fromPosition: checkpoint.position, limit: LAG_COUNT_LIMIT })).length : 0,
          error: checkpoint.error,
          failedEvent: checkpoint.failedEvent,
          updatedAt: checkpoint.updatedAt,
          rebuild: this.rebuilds.get(projection.name)?.progress ?? null,
        };
      }),
    );
  }

  /**
   * Read-your-writes: true once every named projection (default: all) has applied the log up to
   * `position`, false after `timeoutMs`. Reads the checkpoints, so it works in a standby
   * process too; a commit in this process wakes it at once.
   */
  async waitForPosition(
    position: string,
    timeoutMs: number,
    projections: readonly string[] = [...this.projections.keys()],
  ): Promise<boolean> {
    if (!/^\d+$/.test(position)) throw new TypeError(`position must be a decimal string, got ${JSON.stringify(position)}`);
    for (const name of projections) this.projectionNamed(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const checkpoints = await readCheckpoints(this.db, projections);
      const reached = projections.every((name) => {
        const checkpoint = checkpoints.get(name);
        return checkpoint !== undefined && comparePositions(checkpoint.position, position) >= 0;
      });
      if (reached) return true;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await this.committed.wait(Math.min(remaining, WAIT_POLL_MS));
    }
  }

  /**
   * Replays the whole log into shadow tables and swaps them in; the live tables answer (and
   * follow the log) meanwhile. Only the process holding the lease can rebuild.
   */
  async rebuild(name: string, onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildProgress> {
    const projection = this.projectionNamed(name);
    const job = await this.exclusive(async () => {
      if (!this.leading) throw new ProjectionCommandRejected('this process does not hold the projection lease');
      if (this.rebuilds.has(name)) throw new ProjectionCommandRejected(`projection ${name} is already being rebuilt`);
      return this.startRebuild(projection, onProgress);
    });
    return job.done;
  }

  /**
   * Dead-letters the event a failed projection stopped on (it is then never applied, by live
   * application or rebuilds) and lets the projection go on. Only the recorded event can be skipped.
   */
  async skipEvent(name: string, eventId: string): Promise<void> {
    const projection = this.projectionNamed(name);
    const checkpoint = await readCheckpoint(this.db, name);
    const failedEvent = checkpoint.failedEvent;
    if (checkpoint.status !== 'failed' || failedEvent?.id !== eventId) {
      throw new ProjectionCommandRejected(`projection ${name} is not stopped at event ${eventId}`);
    }
    await this.db.transaction(async (tx) => {
      await deadLetter(tx, name, failedEvent, checkpoint.error ?? '');
      await markRunning(tx, name);
    });
    this.logger.warn({ projection: name, eventId }, 'event dead-lettered');
    await this.exclusive(() => this.resumeIfIdle(projection));
  }

  private projectionNamed(name: string): Projection {
    const projection = this.projections.get(name);
    if (projection === undefined) throw new UnknownProjection(`no projection named ${name}`);
    return projection;
  }

  private stateOf(checkpoint: Checkpoint): ProjectionState {
    if (checkpoint.status === 'failed') return 'failed';
    if (!this.running) return 'stopped';
    if (!this.leading) return 'standby';
    return this.rebuilds.has(checkpoint.name) ? 'rebuilding' : 'running';
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Renews or takes the lease; the leader also restarts projections unblocked meanwhile. */
  private async tick(): Promise<void> {
    if (!this.running) return;
    let held: boolean;
    try {
      held = await this.lease.acquire();
      this.leaseCheckedAt = new Date();
    } catch (error) {
      // Unreachable database: batches fail too, and fencing keeps a successor safe.
      this.logger.warn({ err: error }, 'could not renew the projection lease');
      return;
    }
    if (!held) {
      if (this.leading) {
        this.logger.warn({}, 'projection lease lost; standing by');
        await this.stepDown();
      }
      return;
    }
    if (!this.leading) {
      this.leading = true;
      this.logger.info({}, 'projection lease taken; applying events');
      // A new leader retries what failed before: the cause may be fixed by now.
      for (const checkpoint of (await readCheckpoints(this.db, [...this.projections.keys()])).values()) {
        if (checkpoint.status === 'failed') await markRunning(this.db, checkpoint.name);
      }
    }
    for (const projection of this.projections.values()) await this.resumeIfIdle(projection);
  }

  private async resumeIfIdle(projection: Projection): Promise<void> {
    if (!this.leading || this.live.has(projection.name) || this.rebuilds.has(projection.name)) return;
    const checkpoint = await readCheckpoint(this.db, projection.name);
    if (checkpoint.status === 'failed') return;
    if (checkpoint.version !== projection.version) {
      this.logger.info(
        { projection: projection.name, from: checkpoint.version, to: projection.version },
        'code version changed; rebuilding',
      );
      this.startRebuild(projection, () => undefined);
      return;
    }
    const live = new LiveProjection(
      {
        db: this.db,
        store: this.store,
        projection,
        tables: LIVE_TABLES,
        skip: await deadLetteredIds(this.db, projection.name),
        lease: this.lease,
        batchSize: this.batchSize,
        logger: this.logger,
        onCommitted: () => this.committed.notify(),
      },
      checkpoint.position,
    );
    this.live.set(projection.name, live);
    void live.ended.then((end) => this.exclusive(() => this.liveEnded(projection, live, end)));
  }

  private async liveEnded(projection: Projection, live: LiveProjection, end: LiveEnd): Promise<void> {
    if (this.live.get(projection.name) === live) this.live.delete(projection.name);
    if (end === 'fenced' && this.leading) {
      this.logger.warn({ projection: projection.name }, 'fenced out by another process; standing by');
      await this.stepDown();
    }
  }

  /** For a rebuild's switch-over: live application stops where it is. */
  private async stopLive(name: string): Promise<string> {
    const live = this.live.get(name);
    if (live === undefined) return (await readCheckpoint(this.db, name)).position;
    this.live.delete(name);
    return live.stop();
  }

  private startRebuild(projection: Projection, onProgress: (progress: RebuildProgress) => void): RebuildJob {
    const abort = new AbortController();
    const job: RebuildJob = {
      abort,
      progress: null,
      done: deadLetteredIds(this.db, projection.name).then((skip) =>
        rebuildProjection({
          db: this.db,
          store: this.store,
          projection,
          skip,
          lease: this.lease,
          batchSize: this.batchSize,
          signal: abort.signal,
          stopLive: () => this.stopLive(projection.name),
          onProgress: (progress) => {
            job.progress = progress;
            onProgress(progress);
          },
        }),
      ),
    };
    this.rebuilds.set(projection.name, job);
    void job.done
      .then(
        (progress) => this.logger.info({ ...progress }, 'projection rebuilt'),
        (error: unknown) => this.rebuildFailed(projection, job, error),
      )
      .finally(() => {
        this.rebuilds.delete(projection.name);
        return this.exclusive(() => this.resumeIfIdle(projection));
      })
      .catch((error: unknown) => this.logger.error({ projection: projection.name, err: error }, 'could not resume the projection'));
    return job;
  }

  /**
   * A rebuild for a new code version has no live tables to fall back on, so its failure stops
   * the projection like a live failure would; a requested rebuild just reports it to its caller.
   */
  private async rebuildFailed(projection: Projection, job: RebuildJob, error: unknown): Promise<void> {
    if (job.abort.signal.aborted) return;
    this.logger.error({ projection: projection.name, err: error }, 'projection rebuild failed');
    const checkpoint = await readCheckpoint(this.db, projection.name);
    if (checkpoint.version === projection.version) return;
    await this.db.transaction(async (tx) => {
      await this.lease.fence(tx);
      const failedEvent = error instanceof ProjectionFailed ? failedEventOf(error.event) : null;
      await recordFailure(tx, projection.name, messageOf(error instanceof ProjectionFailed ? error.cause : error), failedEvent);
    });
  }

  private async stepDown(): Promise<void> {
    this.leading = false;
    for (const job of this.rebuilds.values()) job.abort.abort();
    await Promise.all([...this.live.values()].map((live) => live.stop()));
    this.live.clear();
    await Promise.allSettled([...this.rebuilds.values()].map((job) => job.done));
  }
}
