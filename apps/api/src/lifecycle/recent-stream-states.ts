import { type EventStore, type RecordedEvent, StreamNotFound } from '#libs/event-store';

/** A stream folded up to `revision` (-1 for a stream without events). */
export interface FoldedStream<S> {
  state: S;
  revision: number;
  /** Hash of the stream's last event (null when the stream is empty). */
  lastHash: string | null;
  lastRecordedAt: string | null;
}

/**
 * Folds streams and keeps the most recent states this process saw. A command may decide on a
 * kept state because it appends with that state's revision as its expectation: if another
 * process wrote meanwhile, the append fails and the command is decided again on `latest`. A
 * kept state is a fold of committed events, so `latest` only reads the events after it.
 */
export class RecentStreamStates<S> {
  private readonly recent = new Map<string, FoldedStream<S>>();

  constructor(
    private readonly store: EventStore,
    private readonly initial: S,
    private readonly evolve: (state: S, event: RecordedEvent) => S,
    private readonly capacity: number,
  ) {}

  /** The kept state without any I/O, else `latest`; `kept` says which. */
  async recentOrLatest(streamId: string): Promise<FoldedStream<S> & { kept: boolean }> {
    const kept = this.recent.get(streamId);
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
    return this.remember(streamId, this.fold(this.empty(), await this.readAll(streamId)));
  }

  /** Everything up to the first event `until` rejects; nothing kept, nothing remembered. */
  async until(streamId: string, until: (event: RecordedEvent) => boolean): Promise<FoldedStream<S>> {
    const events = await this.readAll(streamId);
    const end = events.findIndex((event) => !until(event));
    return this.fold(this.empty(), end < 0 ? events : events.slice(0, end));
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

  private async readAll(streamId: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
}
