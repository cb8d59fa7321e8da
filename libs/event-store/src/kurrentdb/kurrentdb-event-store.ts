import {
  BACKWARDS,
  CancelledError,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendStreamRequest,
  type Filter,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { StreamNotFound, WrongExpectedRevision } from '../event-store.errors.js';
import type {
  AppendObserver,
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamWrite,
  SubscribeOptions,
} from '../event-store.port.js';
import { comparePositions } from '../positions.js';
import {
  chain,
  checkExpectedRevision,
  prepareWrites,
  storedRetry,
  toAppendResult,
  type PreparedWrite,
  type StoredId,
  type StreamHead,
} from '../recording.js';
import { assertAppended, checkProbeAnswer, conflictOf } from './append-answers.js';
import { KurrentConnection } from './connection.js';
import {
  decodePosition,
  fromResolved,
  idMarker,
  idMarkerStream,
  isHiddenStream,
  isIdMarkerStream,
  positionOf,
  storedIdOf,
  streamStateOf,
  toEventData,
  toKurrentFilter,
  visibleStreams,
} from './kurrentdb-mapping.js';
import { resubscribing, withRetry, type RetryOptions, type RetryPolicy } from './retry.js';
import { isNotLeaderAnswer, isTransientKurrentDbError } from './transient-errors.js';

/** The server's stream state moved between our read and our write; the retry re-reads it. */
const MAX_ATTEMPTS = 100;
/** Events per server read of `$all`: every read is bounded and read to its end. */
const READ_PAGE = 1_000;
/** The start-up probe's expected revision: no stream has it, so the server must refuse. */
const PROBE_REVISION = 2n ** 62n;
/**
 * A request rides out a reconnect or a leader change (the client reconnects on its next call),
 * then fails within about a second so the caller can answer "unavailable" instead of hanging.
 */
const REQUEST_RETRY: RetryPolicy = { initialDelayMs: 50, maxDelayMs: 400, maxAttempts: 4 };
/** A subscription outlives any outage: it resubscribes from its last event until stopped. */
const SUBSCRIPTION_RETRY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: Infinity };

export interface KurrentDbOptions {
  /** Called before each retry after a transient failure (a lost connection, a leader change). */
  onRetry?(error: unknown, failures: number, delayMs: number): void;
  observer?: AppendObserver;
}

type Resolved = ResolvedEvent | AllStreamResolvedEvent;

/** Where an append was sent, per stream (first revision of its events), while its outcome is unknown. */
type SentPlaces = Map<string, Set<number>>;

/**
 * The event store over KurrentDB. Hashes chain per stream, so each append reads the stream's last
 * event (on the leader) and writes with that exact revision as its expected state, whatever the
 * caller expected: a concurrent writer makes the server refuse, and the retry re-checks the
 * caller's expectation. Caller-chosen event ids are also recorded in id-marker streams in the
 * same atomic append (see `idMarkerStream`), so a stored id is found wherever it was stored.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private readonly closing = new AbortController();

  private constructor(
    private readonly connection: KurrentConnection,
    private readonly options: KurrentDbOptions,
  ) {}

  /** `url` is a KurrentDB connection string (`kurrentdb://host:2113?tls=false`). Nothing is sent yet. */
  static connect(url: string, options: KurrentDbOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(new KurrentConnection(() => KurrentDBClient.connectionString(url)), options);
  }

  /**
   * Connects and checks that the server takes multi-stream appends (KurrentDB 25.1+), so a server
   * that cannot serve Cellpath stops the start-up with the reason rather than failing appends later.
   */
  static async open(url: string, options: KurrentDbOptions = {}): Promise<KurrentDbEventStore> {
    const store = KurrentDbEventStore.connect(url, options);
    try {
      await withRetry(() => store.probeMultiStreamAppend(), store.retry(REQUEST_RETRY));
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private get client(): KurrentDBClient {
    return this.connection.current;
  }

  async append(streamId: string, events: readonly NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision }]);
    return result;
  }

  /**
   * One stream without caller-chosen ids goes through the classic append; anything else through
   * the multi-stream append, which commits all or nothing. After a failure whose outcome is
   * unknown, the retry first looks where the lost attempt wrote, so it never writes twice.
   */
  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    const prepared = prepareWrites(writes);
    const reserved = prepared.find((write) => isHiddenStream(write.streamId));
    if (reserved) throw new TypeError(`stream ${reserved.streamId} is in a namespace KurrentDB or this adapter reserves ($…, idem/…)`);
    const sent: SentPlaces = new Map();
    const results = await withRetry(() => this.appendOnce(prepared, sent), this.retry(REQUEST_RETRY));
    this.options.observer?.appended?.(results.reduce((sum, result) => sum + result.events.length, 0));
    return results;
  }

  private async appendOnce(prepared: readonly PreparedWrite[], sent: SentPlaces): Promise<AppendResult[]> {
    const answered = new Map<string, AppendResult>();
    for (let attempt = 1; ; attempt++) {
      const recordedAt = new Date().toISOString();
      const pending: { write: PreparedWrite; head: StreamHead }[] = [];
      const requests: AppendStreamRequest[] = [];
      for (const write of prepared.filter((w) => !answered.has(w.streamId))) {
        const head = await this.readHead(write.streamId);
        const landed = await this.landed(write, head, sent.get(write.streamId));
        if (landed) {
          answered.set(write.streamId, landed);
          continue;
        }
        try {
          checkExpectedRevision(write.streamId, write.expectedRevision, head);
        } catch (refusal) {
          // A re-run of a stored keyed append expects where the stream was before it: answer it.
          const stored = write.mayBeStored ? await this.findStored(write) : [];
          if (stored.length === 0) throw refusal;
          answered.set(write.streamId, await this.readStored(storedRetry(write, stored, head)));
          continue;
        }
        const events = chain(write.streamId, write.events, head, recordedAt);
        pending.push({ write, head });
        requests.push({ streamName: write.streamId, events: events.map(toEventData), expectedState: streamStateOf(head) });
        if (write.mayBeStored) {
          for (const event of events)
            requests.push({
              streamName: idMarkerStream(event.id),
              events: [idMarker(event.streamId, event.revision)],
              expectedState: NO_STREAM,
            });
        }
      }
      if (requests.length === 0) return prepared.map((write) => answered.get(write.streamId)!);
      try {
        await this.send(requests);
      } catch (error) {
        const conflict = conflictOf(error);
        if (!conflict) {
          for (const { write, head } of pending) placesOf(sent, write.streamId).add(head === undefined ? 0 : head.revision + 1);
          throw error;
        }
        if (attempt >= MAX_ATTEMPTS) {
          const write = prepared.find((w) => w.streamId === conflict.streamName) ?? prepared[0];
          throw new WrongExpectedRevision(write.streamId, write.expectedRevision, conflict.actual);
        }
        // An id is stored already (markers exist): each keyed write is this very append, or refused.
        if (isIdMarkerStream(conflict.streamName)) {
          for (const { write, head } of pending.filter((p) => p.write.mayBeStored)) {
            const stored = await this.findStored(write);
            if (stored.length > 0) answered.set(write.streamId, await this.readStored(storedRetry(write, stored, head)));
          }
        }
        continue;
      }
      for (const { write, head } of pending) {
        answered.set(
          write.streamId,
          toAppendResult(await this.readRange(write.streamId, head === undefined ? 0 : head.revision + 1, write.events.length)),
        );
      }
      return prepared.map((write) => answered.get(write.streamId)!);
    }
  }

  private async send(requests: AppendStreamRequest[]): Promise<void> {
    if (requests.length > 1) {
      await this.multiStreamAppend(requests);
      return;
    }
    const [{ streamName, events, expectedState }] = requests;
    assertAppended(streamName, expectedState, await this.client.appendToStream(streamName, events, { streamState: expectedState }));
  }

  /** After a not-leader answer the client stays on the follower: move to a fresh one (see `KurrentConnection`). */
  private async multiStreamAppend(requests: AppendStreamRequest[]): Promise<void> {
    const client = this.client;
    try {
      await client.multiStreamAppend(requests);
    } catch (error) {
      if (isNotLeaderAnswer(error)) this.connection.replace(client);
      throw error;
    }
  }

  private async probeMultiStreamAppend(): Promise<void> {
    const probe = {
      streamName: idMarkerStream('start-up-check'),
      events: [jsonEvent({ type: 'StartUpCheck', data: {} })],
      expectedState: PROBE_REVISION,
    };
    await this.multiStreamAppend([probe]).catch(checkProbeAnswer);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return withRetry(() => this.readEvents(streamId, options), this.retry(REQUEST_RETRY));
  }

  /** `requiresLeader` for reads an append decides on, so a lagging follower never answers them. */
  private async readEvents(
    streamId: string,
    { fromRevision, direction = 'forwards', limit }: ReadStreamOptions,
    requiresLeader = false,
  ): Promise<RecordedEvent[]> {
    const backwards = direction === 'backwards';
    const read = await drain(
      this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: fromRevision === undefined ? (backwards ? END : START) : BigInt(fromRevision),
        requiresLeader,
        ...(limit !== undefined && { maxCount: limit }),
      }),
    ).catch((error: unknown) => {
      throw error instanceof StreamNotFoundError ? new StreamNotFound(streamId) : error;
    });
    return read.map(fromResolved).filter((event) => event !== undefined);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return withRetry(() => this.readAllOnce(options), this.retry(REQUEST_RETRY));
  }

  /**
   * Page by page, each a bounded server read drained to its end (an abandoned read would keep its
   * HTTP/2 stream and the server's read-ahead alive). Reads from a position include it; the
   * port's checkpoint is exclusive, so each page asks for one more event than it still needs.
   */
  private async readAllOnce({ fromPosition, limit, filter }: ReadAllOptions): Promise<RecordedEvent[]> {
    const { server, accepts } = toKurrentFilter(filter);
    const events: RecordedEvent[] = [];
    let checkpoint = fromPosition;
    while (limit === undefined || events.length < limit) {
      const maxCount = Math.min(READ_PAGE, limit === undefined ? READ_PAGE : limit - events.length) + 1;
      const page = await drain(this.client.readAll({ fromPosition: startOf(checkpoint), direction: FORWARDS, filter: server, maxCount }));
      for (const resolved of page) {
        const position = positionOf(resolved);
        if (position === undefined || (checkpoint !== undefined && comparePositions(position, checkpoint) <= 0)) continue;
        checkpoint = position;
        const event = fromResolved(resolved);
        if (event && accepts(event) && (limit === undefined || events.length < limit)) events.push(event);
      }
      if (page.length < maxCount) break;
    }
    return events;
  }

  /** Survives lost connections: resubscribes from the last event delivered (see `resubscribing`). */
  async *subscribe({ fromPosition, filter, signal }: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const stop = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
    if (stop.aborted) return;
    const { server, accepts } = toKurrentFilter(filter);
    yield* resubscribing(
      (checkpoint) => this.follow(checkpoint, server, accepts, stop),
      (event) => event.position,
      fromPosition,
      { ...this.retry(SUBSCRIPTION_RETRY), signal: stop },
    );
  }

  /** One server subscription, from `checkpoint` (exclusive), until it fails or `stop` aborts. */
  private async *follow(checkpoint: string | undefined, server: Filter, accepts: (event: RecordedEvent) => boolean, stop: AbortSignal) {
    const subscription = this.client.subscribeToAll({ fromPosition: startOf(checkpoint), filter: server });
    const unsubscribe = () => void subscription.unsubscribe();
    stop.addEventListener('abort', unsubscribe, { once: true });
    try {
      for await (const resolved of subscription) {
        const event = fromResolved(resolved);
        if (event && accepts(event)) yield event;
      }
      // The client ends a subscription quietly when it is cancelled on the client side (a
      // replaced client being disposed): carry on from the last event on the current client.
      if (!stop.aborted) throw new CancelledError(undefined, 'the subscription ended without being stopped');
    } finally {
      stop.removeEventListener('abort', unsubscribe);
      // A broken subscription may refuse this too; its own error is the one that matters.
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async headPosition(): Promise<string> {
    return withRetry(() => this.headPositionOnce(), this.retry(REQUEST_RETRY));
  }

  /** Filtered by stream name: by event type, the last record could be a system stream's and hide the rest. */
  private async headPositionOnce(): Promise<string> {
    const [last] = await drain(
      this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, filter: visibleStreams(), requiresLeader: true }),
    );
    return (last && positionOf(last)) ?? '0';
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.connection.close();
  }

  private retry(policy: RetryPolicy): RetryOptions {
    return { policy, isTransient: isTransientKurrentDbError, signal: this.closing.signal, onRetry: this.options.onRetry };
  }

  private async readHead(streamId: string): Promise<StreamHead> {
    const [last] = await this.readEvents(streamId, { direction: 'backwards', limit: 1 }, true).catch((error: unknown) => {
      if (error instanceof StreamNotFound) return [];
      throw error;
    });
    return last && { revision: last.revision, hash: last.hash };
  }

  private async readRange(streamId: string, fromRevision: number, count: number): Promise<RecordedEvent[]> {
    return this.readEvents(streamId, { fromRevision, limit: count }, true);
  }

  /** This append as stored by an attempt whose outcome was lost, if one of them landed. */
  private async landed(write: PreparedWrite, head: StreamHead, places: Set<number> | undefined): Promise<AppendResult | undefined> {
    const count = write.events.length;
    for (const first of places ?? []) {
      if (head === undefined || head.revision < first + count - 1) continue;
      const stored = await this.readRange(write.streamId, first, count);
      if (stored.length === count && stored.every((event, i) => event.id === write.events[i].id)) return toAppendResult(stored);
    }
    return undefined;
  }

  /** Where the caller-chosen ids of `write` are stored already, from their markers, in stream and revision order. */
  private async findStored(write: PreparedWrite): Promise<StoredId[]> {
    const markers = await Promise.all(
      write.events.map(async ({ id }) => {
        const [marker] = await drain(this.client.readStream(idMarkerStream(id), { maxCount: 1, requiresLeader: true })).catch(
          (error: unknown) => {
            if (error instanceof StreamNotFoundError) return [];
            throw error;
          },
        );
        return marker && storedIdOf(id, marker);
      }),
    );
    return markers
      .filter((found) => found !== undefined)
      .sort((a, b) => (a.streamId === b.streamId ? a.revision - b.revision : a.streamId < b.streamId ? -1 : 1));
  }

  /** The result of a stored append, `found` being its events' places in one stream, in order. */
  private async readStored(found: StoredId[]): Promise<AppendResult> {
    return toAppendResult(await this.readRange(found[0].streamId, found[0].revision, found.length));
  }
}

/** Reads a server read to its end (the bridge's iterators cannot be closed early). */
async function drain(read: AsyncIterable<Resolved>): Promise<Resolved[]> {
  const all: Resolved[] = [];
  for await (const resolved of read) all.push(resolved);
  return all;
}

function placesOf(sent: SentPlaces, streamId: string): Set<number> {
  const places = sent.get(streamId) ?? new Set<number>();
  sent.set(streamId, places);
  return places;
}

function startOf(fromPosition: string | undefined) {
  return fromPosition === undefined || fromPosition === '0' ? START : decodePosition(fromPosition);
}
