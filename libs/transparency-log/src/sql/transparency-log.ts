import { setTimeout as sleep } from 'node:timers/promises';
import { runMigrations, type Database } from '#libs/database';
import { StreamNotFound, type EventStore, type RecordedEvent } from '#libs/event-store';
import type { Jwks } from '#libs/certificates';
import { signCheckpoint, type CheckpointSigner, type SignedCheckpoint } from '../checkpoint.js';
import type { InclusionAnswer } from '../log-shapes.js';

export type { InclusionAnswer };
import { consistencyProof, inclusionProof, rootHash } from '../subtree-source.js';
import { LogEventNotFound, LogRequestInvalid, NotYetInLog } from './log-errors.js';
import { LOG_MIGRATIONS, LOG_MIGRATION_NAMESPACE } from './log.migrations.js';
import {
  findLeaf,
  initialiseState,
  insertCheckpoint,
  latestCheckpoint,
  readLeaves,
  readState,
  storedSubtrees,
  streamLeaves,
  type StoredLeaf,
} from './log-tables.js';
import { streamMismatch } from './stream-check.js';
import { auditLog, type AuditResult } from './self-audit.js';
import { LogSequencer } from './sequencer.js';

/** The part of a pino logger the log uses. */
export interface LogLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** The certificate key ring fits: checkpoints are signed by a key published in its JWKS (the database's key set with DATABASE_URL). */
export interface LogKeys extends CheckpointSigner {
  jwks(): Promise<Jwks>;
}

export interface TransparencyLogOptions {
  db: Database;
  store: EventStore;
  keys: LogKeys;
  /** Used when the log is created; a store keeps its first origin for life. */
  origin: string;
  logger: LogLogger;
  /** Events per sequencing transaction; default 1000. */
  batchSize?: number;
  /** How often a checkpoint is signed while the log grows; default 1 s. */
  checkpointIntervalMs?: number;
  /** How often the self-audit runs after the one at start; default 10 min, 0 = never. */
  auditIntervalMs?: number;
}

export interface StreamProofs {
  checkpoint: SignedCheckpoint;
  /** One proof per asked revision already in the checkpoint's tree, in the order asked. */
  inclusion: (InclusionAnswer & { revision: number })[];
}

export interface AuditStatus {
  /** `pending` until the first audit of this process finished. */
  state: 'pending' | 'running' | 'consistent' | 'failed' | 'error';
  finishedAt: string | null;
  result: AuditResult | null;
  error: string | null;
}

export const ENTRIES_LIMIT_MAX = 1000;
const IDLE_MIN_MS = 20;
const IDLE_MAX_MS = 250;
const BATCH_GATHER_MS = 500;
const RETRY_MAX_MS = 5_000;

const toHexes = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/**
 * The store-wide transparency log (shared/api.md): a sequencer following the store, signed
 * checkpoints, proofs from stored subtrees, and the self-audit. Every API process runs one; they
 * share the tables and never sequence an event twice (see LogSequencer).
 */
export class TransparencyLog {
  private readonly sequencer: LogSequencer;
  private readonly batchSize: number;
  private readonly stopping = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private signing: Promise<SignedCheckpoint> | undefined;
  private auditing: Promise<AuditResult> | undefined;
  private lastAudit: AuditStatus = { state: 'pending', finishedAt: null, result: null, error: null };

  private constructor(
    private readonly options: TransparencyLogOptions,
    readonly origin: string,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.sequencer = new LogSequencer(options.db, options.store, this.batchSize);
  }

  /** Creates the tables (once) and the log's state; nothing runs until `start`. */
  static async open(options: TransparencyLogOptions): Promise<TransparencyLog> {
    await runMigrations(options.db, LOG_MIGRATION_NAMESPACE, LOG_MIGRATIONS);
    const { origin } = await initialiseState(options.db, options.origin);
    if (origin !== options.origin)
      options.logger.warn({ origin, configured: options.origin }, 'the transparency log keeps the origin it was created with');
    return new TransparencyLog(options, origin);
  }

  /** Follows the store, signs checkpoints while the log grows, audits now and then periodically. */
  start(): void {
    const { checkpointIntervalMs = 1000, auditIntervalMs = 600_000 } = this.options;
    this.loops.push(
      this.follow(),
      this.every(checkpointIntervalMs, () => this.signIfGrown()),
    );
    // Its outcome is recorded and logged by runAudit; a failure to run must not become an unhandled rejection.
    this.loops.push(
      this.auditAndRecord().then(
        () => undefined,
        () => undefined,
      ),
    );
    if (auditIntervalMs > 0) this.loops.push(this.every(auditIntervalMs, () => this.auditAndRecord()));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.loops);
  }

  /** One sequencing step (tests and benchmarks drive the log without the loop). */
  sequence() {
    return this.sequencer.step();
  }

  async treeSize(): Promise<number> {
    return (await readState(this.options.db)).treeSize;
  }

  /** Events stored but not yet leaves, counted up to `limit` (metrics read this on every scrape). */
  async pendingEvents(limit = 1000): Promise<number> {
    const { lastPosition } = await readState(this.options.db);
    return (await this.options.store.readAll({ fromPosition: lastPosition, limit })).length;
  }

  /**
   * The latest signed checkpoint; one is signed first when the log has grown past it (on demand),
   * so a reader never waits for the next periodic one.
   */
  async checkpoint(): Promise<SignedCheckpoint> {
    const latest = await latestCheckpoint(this.options.db, this.origin);
    if (latest !== undefined && latest.treeSize >= (await this.treeSize())) return latest;
    return this.signNow();
  }

  async entries(start: number, limit: number): Promise<{ entries: Omit<StoredLeaf, 'position'>[]; treeSize: number }> {
    const treeSize = await this.treeSize();
    const leaves = await readLeaves(this.options.db, start, Math.min(limit, Math.max(0, treeSize - start)));
    return { entries: leaves.map(({ index, streamId, revision, type, hash }) => ({ index, streamId, revision, type, hash })), treeSize };
  }

  /** `treeSize` defaults to the latest checkpoint's. */
  async inclusion(streamId: string, revision: number, treeSize?: number): Promise<InclusionAnswer> {
    const size = treeSize ?? (await this.checkpoint()).treeSize;
    if (treeSize !== undefined && treeSize > (await this.treeSize()))
      throw new LogRequestInvalid('treeSize', `treeSize ${treeSize} is beyond the log`);
    const leaf = await findLeaf(this.options.db, streamId, revision);
    if (leaf === undefined) {
      await this.requireEvent(streamId, revision);
      throw new NotYetInLog(`${streamId}@${revision} is not in the log yet`);
    }
    if (leaf.index >= size) throw new NotYetInLog(`${streamId}@${revision} is leaf ${leaf.index}, not in a tree of ${size}`);
    return {
      leafIndex: leaf.index,
      treeSize: size,
      auditPath: toHexes(await inclusionProof(leaf.index, size, storedSubtrees(this.options.db))),
    };
  }

  async consistency(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
    if (from === 0) throw new LogRequestInvalid('from', 'a consistency proof from the empty tree proves nothing');
    if (from > to) throw new LogRequestInvalid('from', `from ${from} is beyond to ${to}`);
    if (to > (await this.treeSize())) throw new LogRequestInvalid('to', `to ${to} is beyond the log`);
    return { from, to, proof: toHexes(await consistencyProof(from, to, storedSubtrees(this.options.db))) };
  }

  /** A checkpoint and the inclusion proofs of `revisions` in its tree (those not in it yet are left out). */
  async proofsFor(streamId: string, revisions: readonly number[]): Promise<StreamProofs> {
    const checkpoint = await this.checkpoint();
    const inclusion: StreamProofs['inclusion'] = [];
    for (const revision of revisions) {
      try {
        inclusion.push({ revision, ...(await this.inclusion(streamId, revision, checkpoint.treeSize)) });
      } catch (error) {
        if (!(error instanceof NotYetInLog)) throw error;
      }
    }
    return { checkpoint, inclusion };
  }

  /** What is wrong with one stream's stored events against the log (see streamMismatch), or undefined. */
  async streamMismatch(streamId: string, events: readonly RecordedEvent[]): Promise<string | undefined> {
    return streamMismatch(events, await streamLeaves(this.options.db, streamId));
  }

  /** Runs the self-audit (one at a time per process) and records its outcome for /health. */
  audit(): Promise<AuditResult> {
    return this.auditAndRecord();
  }

  get auditStatus(): AuditStatus {
    return this.lastAudit;
  }

  private auditAndRecord(): Promise<AuditResult> {
    this.auditing ??= this.runAudit().finally(() => {
      this.auditing = undefined;
    });
    return this.auditing;
  }

  private async runAudit(): Promise<AuditResult> {
    const { db, store, keys, logger } = this.options;
    this.lastAudit = { ...this.lastAudit, state: 'running' };
    try {
      const onProgress = (progress: object) => logger.info(progress, 'transparency log audit in progress');
      const result = await auditLog(db, store, this.origin, await keys.jwks(), onProgress, this.stopping.signal);
      this.lastAudit = { state: result.consistent ? 'consistent' : 'failed', finishedAt: new Date().toISOString(), result, error: null };
      if (result.consistent) logger.info({ treeSize: result.treeSize }, 'transparency log audit: consistent');
      else
        logger.error(
          { firstBadIndex: result.firstBadIndex, detail: result.detail },
          'transparency log audit FAILED: the stored events no longer match the log',
        );
      return result;
    } catch (error) {
      if (this.stopping.signal.aborted) throw error;
      this.lastAudit = { state: 'error', finishedAt: new Date().toISOString(), result: null, error: (error as Error).message };
      logger.error({ err: error }, 'transparency log audit could not run');
      throw error;
    }
  }

  private signNow(): Promise<SignedCheckpoint> {
    this.signing ??= this.sign().finally(() => {
      this.signing = undefined;
    });
    return this.signing;
  }

  private async sign(): Promise<SignedCheckpoint> {
    const { db, keys } = this.options;
    const { treeSize } = await readState(db);
    const root = await rootHash(treeSize, storedSubtrees(db));
    const checkpoint = signCheckpoint({ origin: this.origin, treeSize, rootHash: root }, new Date(), keys);
    await insertCheckpoint(db, checkpoint);
    return checkpoint;
  }

  private async signIfGrown(): Promise<void> {
    const latest = await latestCheckpoint(this.options.db, this.origin);
    if (latest === undefined || latest.treeSize < (await this.treeSize())) await this.signNow();
  }

  private async requireEvent(streamId: string, revision: number): Promise<void> {
    try {
      const [event] = await this.options.store.readStream(streamId, { fromRevision: revision, limit: 1 });
      if (event?.revision === revision) return;
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    throw new LogEventNotFound(`no event ${streamId}@${revision}`);
  }

  /** The sequencing loop: busy while there are events, backing off to 250 ms when idle, retrying errors. */
  private async follow(): Promise<void> {
    const signal = this.stopping.signal;
    let idle = IDLE_MIN_MS;
    let retry = IDLE_MIN_MS;
    while (!signal.aborted) {
      try {
        const { added } = await this.sequencer.step();
        retry = IDLE_MIN_MS;
        if (added >= this.batchSize) continue;
        if (added > 0) {
          // A partial batch: wait so the next one carries more events per statement. At 100 ms the
          // appends measured 0.86x of their rate without the log, at 500 ms 0.91-0.99x
          // (docs/benchmarks.md); the lag grows by about the wait, within the "few seconds".
          idle = IDLE_MIN_MS;
          await sleep(BATCH_GATHER_MS, undefined, { signal }).catch(() => undefined);
          continue;
        }
        await sleep(idle, undefined, { signal }).catch(() => undefined);
        idle = Math.min(idle * 2, IDLE_MAX_MS);
      } catch (error) {
        if (signal.aborted) return;
        this.options.logger.warn({ err: error, retryInMs: retry }, 'transparency log sequencing failed; retrying');
        await sleep(retry, undefined, { signal }).catch(() => undefined);
        retry = Math.min(retry * 2, RETRY_MAX_MS);
      }
    }
  }

  private async every(ms: number, work: () => Promise<unknown>): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      await sleep(ms, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      await work().catch((error: unknown) => this.options.logger.warn({ err: error }, 'transparency log task failed'));
    }
  }
}
