import { type EventStore, type RecordedEvent, StreamNotFound } from '#libs/event-store';
import type { Freshness } from '../commands/command-pipeline.js';

/** A stream folded up to `revision` (-1 for a stream without events). */
export interface FoldedStream<S> {
  state: S;
  revision: number;
  /** Hash of the stream's last event (null when the stream is empty). */
  lastHash: string | null;
  lastRecordedAt: string | null;
}

/** A fold that also knows the latest `recordedAt` among its events (they need not be in order). */
interface Snapshot<S> extends FoldedStream<S> {
  latestRecordedMs: number;
}

/** An asOf reads at most this many events past its snapshot; a 1,000-event stream keeps 20 (~50 KB). */
const SNAPSHOT_EVERY = 50;
const AS_OF_PAGE = SNAPSHOT_EVERY;
/** Streams with snapshots kept: the long-lived packs an auditor is stepping through. */
const SNAPSHOT_STREAMS = 1_000;

/**
 * Folds streams and keeps the most recent states this process saw. A command may decide on a
 * kept state because it appends with that state's revision as its expectation: if another
 * process wrote meanwhile, the append fails and the command is decided again on `latest`. A
 * kept state is a fold of committed events, so `latest` only reads the events after it.
 */
export class RecentStreamStates<S> {
  private readonly recent = new Map<string, FoldedStream<S>>();
  /** Per stream, folds at every SNAPSHOT_EVERY-th revision, for `asOf`. */
  private readonly snapshots = new Map<string, Snapshot<S>[]>();

  constructor(
    private readonly store: EventStore,
    private readonly initial: S,
    private readonly evolve: (state: S, event: RecordedEvent) => S,
    private readonly capacity: number,
  ) {}

  /**
   * For a command appending to the stream with the returned revision as its expectation:
   * `recent` is the kept state without any I/O when there is one, else `latest`; `kept` says which.
   * `before`: the stream up to the first of those events (all of it when none is there).
   */
  async toWrite(streamId: string, freshness: Freshness): Promise<FoldedStream<S> & { kept: boolean }> {
    if (typeof freshness === 'object') {
      const events = await this.readFrom(streamId, 0);
      const own = events.findIndex((event) => freshness.before.has(event.id));
      return { ...this.fold(this.empty(), own < 0 ? events : events.slice(0, own)), kept: false };
    }
    const kept = freshness === 'recent' ? this.recent.get(streamId) : undefined;
    return kept ? { ...kept, kept: true } : { ...(await this.latest(streamId)), kept: false };
  }

  /** The stream as stored now; reads only what follows the kept state, if there is one. */
  async latest(streamId: string): Promise<FoldedStream<S>> {
    const kept = this.recent.get(streamId);
    if (kept !== undefined) {
      const [known, ...after] = await this.store.readStream(streamId, { fromRevision: kept.revision });
      // The kept head is what the store holds at that revision, unless someone rewrote the row.
      if (known?.revision === kept.revision && known.hash === kept.lastHash) return this.remember(streamId, this.fold(kept, after));
    }
    return this.remember(streamId, this.fold(this.empty(), await this.readFrom(streamId, 0)));
  }

  /**
   * The stream as it was at `cutoffMs`: its events up to the first one recorded later. Starts
   * from the latest snapshot whose events were all recorded by then, so a stream read once is
   * not read and folded from its start again (an auditor steps through a pack's past).
   */
  async asOf(streamId: string, cutoffMs: number): Promise<FoldedStream<S>> {
    const snapshots = this.snapshots.get(streamId) ?? [];
    let folded = snapshots.findLast((snapshot) => snapshot.latestRecordedMs <= cutoffMs) ?? this.emptySnapshot();
    for (;;) {
      const page = await this.readFrom(streamId, folded.revision + 1, AS_OF_PAGE);
      const end = page.findIndex((event) => Date.parse(event.recordedAt) > cutoffMs);
      folded = this.foldWithSnapshots(streamId, folded, end < 0 ? page : page.slice(0, end));
      if (end >= 0 || page.length < AS_OF_PAGE) return folded;
    }
  }

  /** Folds `events` onto `base`, keeping a snapshot every SNAPSHOT_EVERY revisions. */
  private foldWithSnapshots(streamId: string, base: Snapshot<S>, events: readonly RecordedEvent[]): Snapshot<S> {
    let folded = base;
    for (const event of events) {
      const latestRecordedMs = Math.max(folded.latestRecordedMs, Date.parse(event.recordedAt));
      folded = { ...this.fold(folded, [event]), latestRecordedMs };
      if ((event.revision + 1) % SNAPSHOT_EVERY === 0) this.keepSnapshot(streamId, folded);
    }
    return folded;
  }

  private keepSnapshot(streamId: string, snapshot: Snapshot<S>): void {
    const snapshots = this.snapshots.get(streamId) ?? [];
    if (snapshots.some((kept) => kept.revision === snapshot.revision)) return;
    this.snapshots.delete(streamId);
    this.snapshots.set(
      streamId,
      [...snapshots, snapshot].sort((a, b) => a.revision - b.revision),
    );
    if (this.snapshots.size > SNAPSHOT_STREAMS) this.snapshots.delete(this.snapshots.keys().next().value!);
  }

  /** After an append: `appended` follows `base` directly, or the kept state is dropped. */
  appended(streamId: string, base: FoldedStream<S>, appended: readonly RecordedEvent[]): void {
    if (appended[0]?.revision === base.revision + 1) this.remember(streamId, this.fold(base, appended));
    else this.recent.delete(streamId);
  }

  private fold(base: FoldedStream<S>, events: readonly RecordedEvent[]): FoldedStream<S> {
    const last = events.at(-1);
    if (last === undefined) return base;
    return { state: events.reduce(this.evolve, base.state), revision: last.revision, lastHash: last.hash, lastRecordedAt: last.recordedAt };
  }

  /** Keeps `folded` unless a later revision is kept already (concurrent loads finish in any order). */
  private remember(streamId: string, folded: FoldedStream<S>): FoldedStream<S> {
    const kept = this.recent.get(streamId);
    if (folded.revision < 0 || (kept !== undefined && kept.revision > folded.revision)) return folded;
    this.recent.delete(streamId);
    this.recent.set(streamId, folded);
    if (this.recent.size > this.capacity) this.recent.delete(this.recent.keys().next().value!);
    return folded;
  }

  private empty(): FoldedStream<S> {
    return { state: this.initial, revision: -1, lastHash: null, lastRecordedAt: null };
  }

  private emptySnapshot(): Snapshot<S> {
    return { ...this.empty(), latestRecordedMs: Number.NEGATIVE_INFINITY };
  }

  private async readFrom(streamId: string, fromRevision: number, limit?: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId, { fromRevision, limit });
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
}
