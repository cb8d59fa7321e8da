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
import { LiveProjections, type LiveEnd, type LiveMember } from './live-projection.js';
import { Notifier } from './notifier.js';
import { SILENT_LOGGER, type ProjectionLogger } from './projection-logger.js';
import { LIVE_TABLES, type Projection } from './projection.js';
import { rebuildProjections, type RebuildProgress } from './rebuild.js';

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
 * holding the rows and the checkpoints of every live projection. One process at a time applies events (see
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
  /** The projections following the log, all in one transaction per batch. */
  private live: LiveProjections | undefined;
  private liveChanges: Promise<unknown> = Promise.resolve();
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
   * follow the log) meanwhile. Only the process holding the lease can rebuild. Several names are
   * rebuilt together: one read of the log and one transaction per batch for all of them.
   */
  async rebuild(
    names: string | readonly string[],
    onProgress: (progress: RebuildProgress) => void = () => undefined,
  ): Promise<RebuildProgress> {
    const projections = (typeof names === 'string' ? [names] : names).map((name) => this.projectionNamed(name));
    const job = await this.exclusive(async () => {
      if (!this.leading) throw new ProjectionCommandRejected('this process does not hold the projection lease');
      const busy = projections.find(({ name }) => this.rebuilds.has(name));
      if (busy) throw new ProjectionCommandRejected(`projection ${busy.name} is already being rebuilt`);
      return this.startRebuild(projections, onProgress);
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
    await this.exclusive(() => this.resumeIdle([projection]));
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
    await this.resumeIdle([...this.projections.values()]);
  }

  /**
   * Starts live application of those of `projections` that neither follow the log nor rebuild
   * (and have not failed), or rebuilds the ones whose code version changed. Live application is
   * restarted once with every projection, so they keep sharing one transaction per batch.
   */
  private async resumeIdle(projections: readonly Projection[]): Promise<void> {
    if (!this.leading) return;
    const joining: LiveMember[] = [];
    for (const projection of projections) {
      if (this.live?.has(projection.name) || this.rebuilds.has(projection.name)) continue;
      const checkpoint = await readCheckpoint(this.db, projection.name);
      if (checkpoint.status === 'failed') continue;
      if (checkpoint.version !== projection.version) {
        this.logger.info(
          { projection: projection.name, from: checkpoint.version, to: projection.version },
          'code version changed; rebuilding',
        );
        this.startRebuild([projection], () => undefined);
        continue;
      }
      const skip = await deadLetteredIds(this.db, projection.name);
      joining.push({ projection, tables: LIVE_TABLES, skip, position: checkpoint.position });
    }
    if (joining.length === 0) return;
    await this.changeLive((members) => ({
      // A rebuild may have started, or the projection joined, while this change waited its turn.
      members: [
        ...members,
        ...joining.filter(({ projection: { name } }) => !this.rebuilds.has(name) && !members.some((m) => m.projection.name === name)),
      ],
      result: undefined,
    }));
  }

  /**
   * Changes which projections follow the log, one change at a time (a rebuild's switch-over runs
   * outside `exclusive`): stops live application after its batch in flight, then starts it again
   * with the members `change` returns, at the checkpoints they reached.
   */
  private changeLive<T>(change: (members: LiveMember[]) => { members: LiveMember[]; result: T }): Promise<T> {
    const done = this.liveChanges.then(async () => {
      const live = this.live;
      this.live = undefined;
      const { members, result } = change(live ? await live.stop() : []);
      this.startLive(members);
      return result;
    });
    this.liveChanges = done.catch(() => undefined);
    return done;
  }

  private startLive(members: readonly LiveMember[]): void {
    if (members.length === 0) return;
    const live = new LiveProjections(
      {
        db: this.db,
        store: this.store,
        lease: this.lease,
        batchSize: this.batchSize,
        logger: this.logger,
        onCommitted: () => this.committed.notify(),
      },
      members,
    );
    this.live = live;
    void live.ended.then((end) => this.exclusive(() => this.liveEnded(live, end)));
  }

  private async liveEnded(live: LiveProjections, end: LiveEnd): Promise<void> {
    if (this.live === live) this.live = undefined;
    if (end === 'fenced' && this.leading) {
      this.logger.warn({}, 'fenced out by another process; standing by');
      await this.stepDown();
    }
  }

  /** For a rebuild's switch-over: live application of `name` stops where it is; the others go on. */
  private async stopLive(name: string): Promise<string> {
    const position = await this.changeLive((members) => ({
      members: members.filter((member) => member.projection.name !== name),
      result: members.find((member) => member.projection.name === name)?.position,
    }));
    return position ?? (await readCheckpoint(this.db, name)).position;
  }

  private startRebuild(projections: readonly Projection[], onProgress: (progress: RebuildProgress) => void): RebuildJob {
    const abort = new AbortController();
    const job: RebuildJob = {
      abort,
      progress: null,
      done: Promise.all(
        projections.map(async (projection) => ({ projection, skip: await deadLetteredIds(this.db, projection.name) })),
      ).then((targets) =>
        rebuildProjections({
          db: this.db,
          store: this.store,
          targets,
          lease: this.lease,
          batchSize: this.batchSize,
          signal: abort.signal,
          stopLive: (name) => this.stopLive(name),
          onProgress: (progress) => {
            job.progress = progress;
            onProgress(progress);
          },
        }),
      ),
    };
    for (const { name } of projections) this.rebuilds.set(name, job);
    const names = projections.map(({ name }) => name);
    void job.done
      .then(
        (progress) => this.logger.info({ ...progress }, 'projection rebuilt'),
        (error: unknown) => this.rebuildFailed(projections, job, error),
      )
      .finally(() => {
        for (const name of names) this.rebuilds.delete(name);
        return this.exclusive(() => this.resumeIdle(projections));
      })
      .catch((error: unknown) => this.logger.error({ projections: names, err: error }, 'could not resume the projection'));
    return job;
  }

  /**
   * A rebuild for a new code version has no live tables to fall back on, so its failure stops
   * the projection like a live failure would; a requested rebuild just reports it to its caller.
   */
  private async rebuildFailed(projections: readonly Projection[], job: RebuildJob, error: unknown): Promise<void> {
    if (job.abort.signal.aborted) return;
    this.logger.error({ projections: projections.map(({ name }) => name), err: error }, 'projection rebuild failed');
    for (const projection of projections) {
      const checkpoint = await readCheckpoint(this.db, projection.name);
      if (checkpoint.version === projection.version) continue;
      await this.db.transaction(async (tx) => {
        await this.lease.fence(tx);
        const failedEvent = error instanceof ProjectionFailed ? failedEventOf(error.event) : null;
        await recordFailure(tx, projection.name, messageOf(error instanceof ProjectionFailed ? error.cause : error), failedEvent);
      });
    }
  }

  private async stepDown(): Promise<void> {
    this.leading = false;
    for (const job of this.rebuilds.values()) job.abort.abort();
    await this.changeLive(() => ({ members: [], result: undefined }));
    await Promise.allSettled([...new Set(this.rebuilds.values())].map((job) => job.done));
  }
}
