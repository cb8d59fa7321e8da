import { setTimeout as sleep } from 'node:timers/promises';
import { runMigrations, type Database, type SqlExecutor } from '#libs/database';
import { StreamNotFound } from '../event-store.errors.js';
import type {
  AppendObserver,
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamWrite,
  SubscribeOptions,
} from '../event-store.port.js';
import {
  chain,
  checkExpectedRevision,
  storedRetry,
  toAppendResult,
  placed,
  prepareWrites,
  type PreparedWrite,
  type StreamHead,
  type UnplacedEvent,
} from '../recording.js';
import { EVENT_STORE_MIGRATION_NAMESPACE, eventStoreMigrations } from './event-store.migrations.js';
import { insert } from './event-inserts.js';
import { InsertBatcher } from './insert-batcher.js';
import { StreamHeads } from './stream-heads.js';
import { EVENT_COLUMNS, VISIBLE_HORIZON, toRecordedEvent, type EventRow } from './sql-event-rows.js';

/** The ordinal is the low six decimal digits of a position (see README). */
export const MAX_EVENTS_PER_APPEND = 999_999;
/** A unique violation means another writer committed first; the retry re-checks the expectation. */
const MAX_ATTEMPTS = 100;
const SUBSCRIPTION_PAGE = 1_000;
const INSERTS_IN_FLIGHT = 8;
const IDLE_POLL_MIN_MS = 20;
const IDLE_POLL_MAX_MS = 250;

export interface SqlEventStoreOptions {
  /**
   * Test seam: awaited inside every append transaction after its events are inserted, so a test
   * can hold a transaction open and commit it after a later one.
   */
  beforeCommit?: () => Promise<void>;
  observer?: AppendObserver;
}

/** The event store over PGlite or PostgreSQL, with one SQL text for both. */
export class SqlEventStore implements EventStore {
  readonly kind: 'pglite' | 'postgres';
  private readonly closing = new AbortController();
  private readonly heads = new StreamHeads();
  private readonly inserts: InsertBatcher;

  private constructor(
    /** Shared with read models and owned by the caller: `close()` leaves it open. */
    private readonly db: Database,
    private readonly options: SqlEventStoreOptions,
  ) {
    this.kind = db.kind;
    // PGlite runs one statement at a time anyway; on PostgreSQL up to 8 INSERTs run side by side
    // and appends arriving meanwhile are merged (measured in docs/benchmarks.md).
    this.inserts = new InsertBatcher(db, db.kind === 'pglite' ? 1 : INSERTS_IN_FLIGHT, MAX_EVENTS_PER_APPEND, options.observer);
  }

  /** Applies the event-store migrations, then opens the store. */
  static async open(db: Database, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    await runMigrations(db, EVENT_STORE_MIGRATION_NAMESPACE, eventStoreMigrations);
    return new SqlEventStore(db, options);
  }

  async append(streamId: string, events: readonly NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision }]);
    return result;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    const total = writes.reduce((sum, write) => sum + write.events.length, 0);
    if (total > MAX_EVENTS_PER_APPEND) throw new RangeError(`${total} events in one append; at most ${MAX_EVENTS_PER_APPEND}`);
    const prepared = prepareWrites(writes);
    if (prepared.length === 0) return [];
    // Caller-chosen ids may be a retry of a stored append: that needs a look-up and a transaction.
    const transactional = this.options.beforeCommit !== undefined || prepared.some((write) => write.mayBeStored);
    for (let attempt = 1; ; attempt++) {
      try {
        const results = transactional
          ? await this.db.transaction((tx) => this.record(tx, prepared))
          : await this.insertChained(prepared, attempt === 1);
        prepared.forEach((write, i) => this.heads.remember(write.streamId, results[i].events.at(-1)!));
        this.options.observer?.appended?.(total);
        return results;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * An append without an explicit transaction: the heads (known, or read in one statement), then
   * one INSERT, atomic on its own. A head that moved meanwhile makes the INSERT collide with the
   * unique `(stream_id, revision)` index, and the retry reads the heads afresh.
   */
  private async insertChained(writes: readonly PreparedWrite[], trustKnownHeads: boolean): Promise<AppendResult[]> {
    const heads = await this.headsOf(writes, trustKnownHeads);
    const recordedAt = new Date().toISOString();
    const chained = writes.map((write) => {
      const head = heads.get(write.streamId);
      checkExpectedRevision(write.streamId, write.expectedRevision, head);
      return chain(write.streamId, write.events, head, recordedAt);
    });
    const positions = await this.inserts.insert(chained.flat());
    return chained.map((events) => toAppendResult(events.map((event) => placed(event, positions.get(event.id)!))));
  }

  private async headsOf(writes: readonly PreparedWrite[], trustKnownHeads: boolean): Promise<Map<string, StreamHead>> {
    const heads = new Map<string, StreamHead>();
    const unknown: string[] = [];
    for (const { streamId, expectedRevision } of writes) {
      // A new stream starts at revision 0 without a previous hash; if it exists after all, the
      // INSERT collides and the retry reads its head.
      const known = trustKnownHeads && typeof expectedRevision === 'number' ? this.heads.at(streamId, expectedRevision) : undefined;
      if (trustKnownHeads && expectedRevision === 'no_stream') heads.set(streamId, undefined);
      else if (known !== undefined) heads.set(streamId, known);
      else unknown.push(streamId);
    }
    if (unknown.length === 0) return heads;
    for (const [streamId, head] of await readHeads(this.db, unknown)) {
      heads.set(streamId, head);
      if (head !== undefined) this.heads.remember(streamId, head);
    }
    return heads;
  }

  async readStream(streamId: string, { fromRevision, direction = 'forwards', limit }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = direction === 'backwards';
    const { rows } = await this.db.query<EventRow>(
      `select ${EVENT_COLUMNS} from events
       where stream_id = $1 and ${backwards ? 'revision <= $2' : 'revision >= $2'}
       order by revision ${backwards ? 'desc' : 'asc'} limit $3`,
      [streamId, fromRevision ?? (backwards ? 2_147_483_647 : 0), limit ?? null],
    );
    if (rows.length === 0) {
      const exists = await this.db.query('select 1 from events where stream_id = $1 limit 1', [streamId]);
      if (exists.rowCount === 0) throw new StreamNotFound(streamId);
    }
    const head = backwards
      ? fromRevision === undefined
        ? rows[0]
        : undefined
      : limit === undefined || rows.length < limit
        ? rows.at(-1)
        : undefined;
    if (head !== undefined) this.heads.remember(streamId, { revision: head.revision, hash: head.hash });
    return rows.map(toRecordedEvent);
  }

  async readAll({ fromPosition = '0', limit, filter = {} }: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readVisible(fromPosition, limit, filter)).events;
  }

  async *subscribe({ fromPosition = '0', filter = {}, signal }: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const stop = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
    // How far the log has been scanned; ahead of the last delivered event when the filter skipped
    // events, so a selective subscriber does not rescan them on every poll.
    let scanned = BigInt(fromPosition);
    let idle = IDLE_POLL_MIN_MS;
    while (!stop.aborted) {
      const { events, horizon } = await this.readVisible(scanned.toString(), SUBSCRIPTION_PAGE, filter);
      for (const event of events) {
        if (stop.aborted) return;
        yield event;
        scanned = BigInt(event.position);
      }
      if (events.length < SUBSCRIPTION_PAGE && BigInt(horizon) - 1n > scanned) scanned = BigInt(horizon) - 1n;
      if (events.length > 0) {
        idle = IDLE_POLL_MIN_MS;
      } else {
        await sleep(idle, undefined, { signal: stop }).catch(() => undefined);
        idle = Math.min(idle * 2, IDLE_POLL_MAX_MS);
      }
    }
  }

  async headPosition(): Promise<string> {
    const { rows } = await this.db.query<{ position: string }>(
      `select coalesce(max(position), 0)::text as position from events where position < ${VISIBLE_HORIZON}`,
    );
    return rows[0].position;
  }

  async close(): Promise<void> {
    this.closing.abort();
  }

  /**
   * Events after `fromPosition` below the visibility horizon, and the horizon itself (exclusive),
   * read in one statement so both come from the same snapshot.
   */
  private async readVisible(fromPosition: string, limit: number | undefined, filter: EventFilter) {
    const { rows } = await this.db.query<Partial<EventRow> & { horizon: string }>(
      `select h.horizon::text as horizon, e.* from (select ${VISIBLE_HORIZON} as horizon) h
       left join lateral (
         select ${EVENT_COLUMNS} from events
         where events.position > $1::bigint and events.position < h.horizon
           and ($2::text is null or starts_with(stream_id, $2::text))
           and ($3::text[] is null or type = any($3::text[]))
         order by events.position limit $4
       ) e on true
       order by e.position::bigint`,
      [fromPosition, filter.streamPrefix ?? null, eventTypes(filter), limit ?? null],
    );
    const events = rows.filter((row) => row.position !== null).map((row) => toRecordedEvent(row as EventRow));
    return { events, horizon: rows[0].horizon };
  }

  private async record(tx: SqlExecutor, writes: readonly PreparedWrite[]): Promise<AppendResult[]> {
    const recordedAt = new Date().toISOString();
    const results = new Map<string, AppendResult>();
    const pending: UnplacedEvent[] = [];
    const heads = await readHeads(
      tx,
      writes.map((write) => write.streamId),
    );
    for (const write of writes) {
      const head = heads.get(write.streamId);
      const stored = write.mayBeStored ? await findStored(tx, write) : [];
      if (stored.length > 0) {
        results.set(write.streamId, answerRetry(write, stored, head));
        continue;
      }
      checkExpectedRevision(write.streamId, write.expectedRevision, head);
      pending.push(...chain(write.streamId, write.events, head, recordedAt));
    }
    if (pending.length > 0) {
      const positions = await insert(tx, pending);
      await this.options.beforeCommit?.();
      for (const write of writes.filter((w) => !results.has(w.streamId))) {
        const events = pending.filter((event) => event.streamId === write.streamId).map((event) => placed(event, positions.get(event.id)!));
        results.set(write.streamId, toAppendResult(events));
      }
    }
    return writes.map((write) => results.get(write.streamId)!);
  }
}

/** The last event of each stream (undefined for a stream without events), in one statement. */
async function readHeads(executor: SqlExecutor, streamIds: readonly string[]): Promise<Map<string, StreamHead>> {
  const { rows } = await executor.query<{ stream_id: string; revision: number; hash: string }>(
    `select distinct on (stream_id) stream_id, revision, hash from events
     where stream_id = any($1::text[]) order by stream_id, revision desc`,
    [streamIds],
  );
  const heads = new Map<string, StreamHead>(streamIds.map((streamId) => [streamId, undefined]));
  for (const row of rows) heads.set(row.stream_id, { revision: row.revision, hash: row.hash });
  return heads;
}

async function findStored(tx: SqlExecutor, write: PreparedWrite): Promise<EventRow[]> {
  const { rows } = await tx.query<EventRow>(
    `select ${EVENT_COLUMNS} from events where event_id = any($1::uuid[]) order by stream_id, revision`,
    [write.events.map((event) => event.id)],
  );
  return rows;
}

/** Some ids are stored already: this exact append, answered as then, or a refusal (see `storedRetry`). */
function answerRetry(write: PreparedWrite, stored: EventRow[], head: StreamHead): AppendResult {
  const found = storedRetry(
    write,
    stored.map((row) => ({ id: row.event_id, streamId: row.stream_id, revision: row.revision })),
    head,
  );
  return toAppendResult(found.map((id) => toRecordedEvent(stored.find((row) => row.event_id === id.id)!)));
}

function eventTypes(filter: EventFilter): string[] | null {
  return filter.eventTypes && filter.eventTypes.length > 0 ? [...filter.eventTypes] : null;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
