import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import type { Database } from '#libs/database';
import { SqlEventStore, type NewEvent } from '#libs/event-store';
import { anEvaluationEvent, sampleEvents } from './fixtures/battery-lifecycles.js';
import { INSERT_ONE, RawEventRows, createRawEventsTable, insertMany } from './fixtures/raw-events.js';
import { alternate, type Contender, type Sample, type Samples } from './support/alternate.js';
import { concurrently, perStore, type BenchContext, type StoreResult } from './support/bench.js';
import type { StoreKind } from './support/options.js';
import { resultRow, type ResultRow } from './support/report.js';
import { POOL_SIZE, scratchDatabase } from './support/scratch-database.js';

const WRITERS = 50;
const STREAMS = 1_000;
const BATCH_EVENTS = 100;

interface Workload {
  /** (a): single-event appends per round, spread over the writers. */
  singleAppends: number;
  /** (b): batches of 100 events per round, one after another. */
  batches: number;
}

const workload = (quick: boolean): Workload => (quick ? { singleAppends: 50, batches: 2 } : { singleAppends: 1_000, batches: 30 });

/** What each contender does: one event per call on a stream, or a batch of events on a stream. */
interface Writer {
  label: string;
  appendOne(streamId: string, revision: number, event: NewEvent): Promise<void>;
  appendBatch(streamId: string, revision: number, events: readonly NewEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Our port: revision, hash chain, expectation check and the insert, in one transaction. */
async function ourStore(database: Database): Promise<Writer> {
  const store = await SqlEventStore.open(database);
  const expected = (revision: number) => (revision < 0 ? ('no_stream' as const) : revision);
  return {
    label: 'cellpath append',
    appendOne: async (streamId, revision, event) => {
      await store.append(streamId, [event], { expectedRevision: expected(revision) });
    },
    appendBatch: async (streamId, revision, events) => {
      await store.append(streamId, events, { expectedRevision: expected(revision) });
    },
    close: () => store.close(),
  };
}

/** The physical baseline: the same rows into a table of the same shape, plain INSERTs. */
async function rawInserts(database: Database, url: string | undefined): Promise<Writer> {
  await createRawEventsTable(database);
  // On PostgreSQL the raw inserts get their own pool of the API's size; PGlite has one connection anyway.
  const pool = url === undefined ? undefined : new pg.Pool({ connectionString: url, max: POOL_SIZE });
  const query = (sql: string, params: unknown[]) => (pool ? pool.query(sql, params) : database.query(sql, params));
  const rows = new RawEventRows();
  return {
    label: 'raw INSERT',
    appendOne: async (streamId, revision, event) => {
      await query(INSERT_ONE, rows.row(streamId, revision + 1, event));
    },
    appendBatch: async (streamId, revision, events) => {
      await query(
        insertMany(events.length),
        events.flatMap((event, i) => rows.row(streamId, revision + 1 + i, event)),
      );
    },
    close: async () => {
      await pool?.end();
    },
  };
}

/** The peer: Emmett's PostgreSQL event store, with optimistic concurrency as we use it. */
async function emmett(url: string): Promise<Writer> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  const store: PostgresEventStore = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  const toEmmett = (event: NewEvent) => ({ type: event.type, data: event.data, metadata: { ...event.metadata } });
  // Emmett counts stream versions from 1 for the first event; an absent expectation creates the stream.
  const options = (revision: number) => (revision < 0 ? {} : { expectedStreamVersion: BigInt(revision + 1) });
  return {
    label: 'Emmett appendToStream',
    appendOne: async (streamId, revision, event) => {
      await store.appendToStream(streamId, [toEmmett(event)], options(revision));
    },
    appendBatch: async (streamId, revision, events) => {
      await store.appendToStream(streamId, events.map(toEmmett), options(revision));
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

/** Tracks each stream's revision per contender, as a command handler knows it from its load. */
class Streams {
  private readonly revisions = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  async write(index: number, append: (streamId: string, revision: number) => Promise<number>): Promise<void> {
    const streamId = `${this.prefix}-${index}`;
    const revision = this.revisions.get(streamId) ?? -1;
    this.revisions.set(streamId, revision + (await append(streamId, revision)));
  }
}

function singleEventContender(writer: Writer, size: Workload, event: NewEvent): Contender {
  const streams = new Streams('BAT-A');
  return {
    label: writer.label,
    async run(): Promise<Sample> {
      // Writer w owns streams w, w+50, …: no two calls race for one stream, as in a real command mix.
      const seconds = await concurrently(WRITERS, size.singleAppends, async (w, call) => {
        const stream = (w + WRITERS * Math.floor(call / WRITERS)) % STREAMS;
        await streams.write(stream, async (streamId, revision) => {
          await writer.appendOne(streamId, revision, event);
          return 1;
        });
      });
      return { perSecond: size.singleAppends / seconds };
    },
  };
}

function batchContender(writer: Writer, size: Workload, events: readonly NewEvent[]): Contender {
  const streams = new Streams('BAT-B');
  let batch = 0;
  return {
    label: writer.label,
    async run(): Promise<Sample> {
      const seconds = await concurrently(1, size.batches, async () => {
        await streams.write(batch++ % 10, async (streamId, revision) => {
          await writer.appendBatch(streamId, revision, events);
          return events.length;
        });
      });
      return { perSecond: (size.batches * events.length) / seconds };
    },
  };
}

const describe = (sample: Sample) => `${Math.round(sample.perSecond!)} events/s`;

async function onStore(store: StoreKind, { options, progress }: BenchContext): Promise<StoreResult> {
  const scratch = await scratchDatabase(store, options.adminUrl);
  const writers: Writer[] = [];
  try {
    writers.push(await ourStore(scratch.database), await rawInserts(scratch.database, scratch.url));
    if (scratch.url !== undefined) writers.push(await emmett(scratch.url));
    const size = workload(options.quick);
    const scope = `append ${store}`;
    const single = await alternate(
      writers.map((writer) => singleEventContender(writer, size, anEvaluationEvent())),
      { scope: `${scope} (a) ${WRITERS} writers × 1 event`, rounds: options.rounds, progress, describe },
    );
    const batched = await alternate(
      writers.map((writer) => batchContender(writer, size, sampleEvents(BATCH_EVENTS))),
      { scope: `${scope} (b) 1 writer × ${BATCH_EVENTS} events`, rounds: options.rounds, progress, describe },
    );
    const rows: ResultRow[] = [];
    const [ours, raw, peer] = writers.map((writer) => writer.label);
    const cases = [
      { name: `(a) ${WRITERS} writers, 1 event per append, ${STREAMS} streams`, samples: single, rawGoal: 0.8 },
      { name: `(b) 1 writer, ${BATCH_EVENTS} events per append`, samples: batched, rawGoal: 0.7 },
    ];
    for (const { name, samples, rawGoal } of cases) {
      const common = { store, case: name, metric: 'events/s', key: 'perSecond', ours: ours! };
      rows.push(
        resultRow(samples, {
          ...common,
          baseline: raw!,
          goal: store === 'postgres' ? { kind: 'ratio-at-least', value: rawGoal } : undefined,
        }),
      );
      if (peer !== undefined) rows.push(resultRow(samples, { ...common, baseline: peer, goal: { kind: 'ratio-at-least', value: 1 } }));
    }
    return { rows, samples: { ...prefixed('(a)', single), ...prefixed('(b)', batched) } };
  } finally {
    for (const writer of writers) await writer.close();
    await scratch.close();
  }
}

const prefixed = (prefix: string, samples: Samples): Samples =>
  Object.fromEntries(Object.entries(samples).map(([label, list]) => [`${prefix} ${label}`, list]));

export const appendBench = perStore(
  'append',
  ({ stores }) => (stores.includes('pglite') ? ['Emmett has no PGlite adapter: the peer runs on PostgreSQL only.'] : []),
  onStore,
);
