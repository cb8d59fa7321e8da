import {
  AppendConsistencyViolationError,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AppendStreamRequest,
  type CurrentStreamState,
  type Filter,
} from '@kurrent/kurrentdb-client';
import { StreamNotFound, WrongExpectedRevision } from '../event-store.errors.js';
import type {
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
import { chain, checkExpectedRevision, isStoredAppend, prepareWrites, toAppendResult, type PreparedWrite, type StreamHead } from '../recording.js';
import { decodePosition, fromResolved, streamStateOf, toEventData, toKurrentFilter } from './kurrentdb-mapping.js';
import { resubscribing, withRetry, type RetryOptions, type RetryPolicy } from './retry.js';
import { isTransientKurrentDbError } from './transient-errors.js';

/** The server's stream state moved between our read and our write; the retry re-reads it. */
const MAX_ATTEMPTS = 100;
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
}

/**
 * The event store over KurrentDB. Hashes chain per stream, so each append reads the stream's last
 * event and writes with that exact revision as `streamState`, whatever the caller expected: a
 * concurrent writer makes the server refuse, and the retry re-checks the caller's expectation.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private readonly closing = new AbortController();

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbOptions,
  ) {}

  /** `url` is a KurrentDB connection string (`kurrentdb://host:2113?tls=false`). */
  static connect(url: string, options: KurrentDbOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(url), options);
  }

  async append(streamId: string, events: readonly NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision }]);
    return result;
  }

  /**
   * One stream goes through the classic append (any server version, native idempotency); several
   * go through the multi-stream append (KurrentDB 25.1+), which commits all or nothing. After a
   * transient failure the append may or may not have landed, so the retry first looks for its
   * own event ids (fixed for every attempt) and answers from them rather than writing twice.
   */
  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    const prepared = prepareWrites(writes);
    let attempts = 0;
    // Every attempt after the first follows a failure that may have reached the server.
    return withRetry(() => this.appendOnce(prepared, attempts++ > 0), this.retry(REQUEST_RETRY));
  }

  private async appendOnce(prepared: readonly PreparedWrite[], outcomeUnknown: boolean): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt++) {
      const recordedAt = new Date().toISOString();
      const results = new Map<string, AppendResult>();
      const requests: AppendStreamRequest[] = [];
      for (const write of prepared) {
        const head = await this.readHead(write.streamId);
        const retried = write.mayBeStored || outcomeUnknown ? await this.storedAppend(write, head) : undefined;
        if (retried) {
          results.set(write.streamId, retried);
          continue;
        }
        checkExpectedRevision(write.streamId, write.expectedRevision, head);
        const events = chain(write.streamId, write.events, head, recordedAt).map(toEventData);
        requests.push({ streamName: write.streamId, events, expectedState: streamStateOf(head) });
      }
      try {
        if (requests.length === 1) {
          await this.client.appendToStream(requests[0].streamName, requests[0].events, { streamState: requests[0].expectedState });
        } else if (requests.length > 1) {
          await this.client.multiStreamAppend(requests);
        }
      } catch (error) {
        const conflict = conflictOf(error);
        if (!conflict) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          const write = prepared.find((w) => w.streamId === conflict.streamName) ?? prepared[0];
          throw new WrongExpectedRevision(write.streamId, write.expectedRevision, conflict.actual);
        }
        continue;
      }
      for (const request of requests) {
        const write = prepared.find((w) => w.streamId === request.streamName)!;
        const first = request.expectedState === 'no_stream' ? 0 : Number(request.expectedState) + 1;
        results.set(write.streamId, toAppendResult(await this.readRange(write.streamId, first, write.events.length)));
      }
      return prepared.map((write) => results.get(write.streamId)!);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return withRetry(() => this.readStreamOnce(streamId, options), this.retry(REQUEST_RETRY));
  }

  private async readStreamOnce(streamId: string, { fromRevision, direction = 'forwards', limit }: ReadStreamOptions): Promise<RecordedEvent[]> {
    const backwards = direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: fromRevision === undefined ? (backwards ? END : START) : BigInt(fromRevision),
        ...(limit !== undefined && { maxCount: limit }),
      })) {
        const event = fromResolved(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new StreamNotFound(streamId);
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return withRetry(() => this.readAllOnce(options), this.retry(REQUEST_RETRY));
  }

  private async readAllOnce({ fromPosition, limit, filter }: ReadAllOptions): Promise<RecordedEvent[]> {
    const { server, accepts } = toKurrentFilter(filter);
    const events: RecordedEvent[] = [];
    if (limit === 0) return events;
    for await (const resolved of this.client.readAll({ fromPosition: startOf(fromPosition), direction: FORWARDS, filter: server })) {
      const event = fromResolved(resolved);
      // Reads from a position include it; the port's checkpoint is exclusive.
      if (!event || !accepts(event) || (fromPosition !== undefined && comparePositions(event.position, fromPosition) <= 0)) continue;
      events.push(event);
      if (limit !== undefined && events.length >= limit) break;
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
    } finally {
      stop.removeEventListener('abort', unsubscribe);
      // A broken subscription may refuse this too; its own error is the one that matters.
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async headPosition(): Promise<string> {
    return withRetry(() => this.headPositionOnce(), this.retry(REQUEST_RETRY));
  }

  private async headPositionOnce(): Promise<string> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, filter: excludeSystemEvents() })) {
      const event = fromResolved(resolved);
      if (event) return event.position;
    }
    return '0';
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.client.dispose();
  }

  private retry(policy: RetryPolicy): RetryOptions {
    return { policy, isTransient: isTransientKurrentDbError, signal: this.closing.signal, onRetry: this.options.onRetry };
  }

  private async readHead(streamId: string): Promise<StreamHead> {
    const [last] = await this.readStreamOnce(streamId, { direction: 'backwards', limit: 1 }).catch((error: unknown) => {
      if (error instanceof StreamNotFound) return [];
      throw error;
    });
    return last && { revision: last.revision, hash: last.hash };
  }

  private async readRange(streamId: string, fromRevision: number, count: number): Promise<RecordedEvent[]> {
    return this.readStreamOnce(streamId, { fromRevision, limit: count });
  }

  /** The stored events when this append was already recorded where its expectation allows. */
  private async storedAppend(write: PreparedWrite, head: StreamHead): Promise<AppendResult | undefined> {
    if (head === undefined) return undefined;
    const count = write.events.length;
    const { expectedRevision } = write;
    const first =
      typeof expectedRevision === 'number' ? expectedRevision + 1 : expectedRevision === 'no_stream' ? 0 : head.revision - count + 1;
    if (first < 0 || first + count - 1 > head.revision) return undefined;
    const stored = await this.readRange(write.streamId, first, count);
    const ids = write.events.map((event) => event.id);
    return isStoredAppend(expectedRevision, ids, stored) ? toAppendResult(stored) : undefined;
  }
}

function startOf(fromPosition: string | undefined) {
  return fromPosition === undefined || fromPosition === '0' ? START : decodePosition(fromPosition);
}

function conflictOf(error: unknown): { streamName: string; actual: number | 'no_stream' } | undefined {
  if (error instanceof WrongExpectedVersionError) return { streamName: error.streamName, actual: fromCurrentState(error.actualState) };
  if (error instanceof AppendConsistencyViolationError && error.violations.length > 0) {
    const [violation] = error.violations;
    return { streamName: violation.streamName, actual: fromCurrentState(violation.actualState) };
  }
  return undefined;
}

function fromCurrentState(state: CurrentStreamState): number | 'no_stream' {
  return state === 'no_stream' || state < 0n ? 'no_stream' : Number(state);
}
