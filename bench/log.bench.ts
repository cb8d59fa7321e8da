import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningKeyRing } from '#libs/certificates';
import { openPostgres, type Database } from '#libs/database';
import { SqlEventStore, type NewEvent } from '#libs/event-store';
import { LogSequencer, TransparencyLog } from '#libs/transparency-log';
import { anEvaluationEvent, evaluation, registration } from './fixtures/battery-lifecycles.js';
import { SEED_CONCURRENCY, load, workload } from './http.bench.js';
import { ApiClient, receivedBatteries } from './server/api-client.js';
import { alternate, type Contender, type Sample, type Samples } from './support/alternate.js';
import { concurrently, perStore, type BenchContext, type StoreResult } from './support/bench.js';
import type { StoreKind } from './support/options.js';
import { resultRow, type ResultRow } from './support/report.js';
import { latencySample, percentile } from './support/stats.js';
import { scratchDatabase, type ScratchDatabase } from './support/scratch-database.js';

const WRITERS = 50;
const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** Every LAG_SAMPLE-th acknowledged append is followed until a signed checkpoint holds it. */
const LAG_SAMPLE = 5;
const PROOFS_PER_SIZE = 400;

async function openLog(database: Database, store: SqlEventStore): Promise<TransparencyLog> {
  const keys = await SigningKeyRing.load({ dataDir: await mkdtemp(join(tmpdir(), 'cellpath-bench-log-')) });
  return TransparencyLog.open({ db: database, store, keys, origin: 'bench.cellpath', logger: SILENT });
}

/**
 * 50 writers appending one event each, as append (a) does, on a store with the log running in the
 * same process (sequencer, checkpoints every second) or without it. With the log, every fifth
 * acknowledged append is timed until the first signed checkpoint that holds its leaf.
 */
async function appender(
  label: string,
  scratch: ScratchDatabase,
  total: number,
  withLog: boolean,
): Promise<Contender & { close(): Promise<void> }> {
  const store = await SqlEventStore.open(scratch.database);
  const log = withLog ? await openLog(scratch.database, store) : undefined;
  log?.start();
  const event: NewEvent = anEvaluationEvent();
  const revisions = new Map<string, number>();
  let round = 0;
  return {
    label,
    async run(): Promise<Sample> {
      round++;
      const acknowledged: { position: string; at: number }[] = [];
      const seconds = await concurrently(WRITERS, total, async (w, call) => {
        const streamId = `B-${w}-${round}-${Math.floor(call / WRITERS) % 20}`;
        const revision = revisions.get(streamId) ?? -1;
        const result = await store.append(streamId, [event], { expectedRevision: revision < 0 ? 'no_stream' : revision });
        revisions.set(streamId, result.revision);
        if (call % LAG_SAMPLE === 0) acknowledged.push({ position: result.position, at: Date.now() });
      });
      const sample: Sample = { perSecond: total / seconds };
      if (log === undefined) return sample;
      const lags = await lagsOf(scratch.database, acknowledged);
      return { ...sample, lagP50Ms: percentile(lags, 50), lagP99Ms: percentile(lags, 99) };
    },
    async close() {
      await log?.stop();
      await store.close();
    },
  };
}

/** Waits until a checkpoint holds every sampled append, then reads when the first one did. */
async function lagsOf(database: Database, acknowledged: readonly { position: string; at: number }[]): Promise<number[]> {
  const positions = acknowledged.map((a) => a.position);
  for (;;) {
    const { rows } = await database.query<{ leaf_index: number; issued_at: Date | null; position: string }>(
      `select l.position, l.leaf_index, (select min(issued_at) from log_checkpoints c where c.tree_size > l.leaf_index) as issued_at
       from log_leaves l where l.position = any($1::text[])`,
      [positions],
    );
    if (rows.length === positions.length && rows.every((row) => row.issued_at !== null)) {
      const issued = new Map(rows.map((row) => [row.position, row.issued_at!.getTime()]));
      return acknowledged.map((a) => issued.get(a.position)! - a.at);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Fills the events table to `size` rows straight in SQL (1,000 streams; chained hashes are not
 * needed to time proofs) and lets the real sequencer turn them into leaves and stored nodes.
 */
async function growLog(
  database: Database,
  sequencer: LogSequencer,
  from: number,
  size: number,
  context: BenchContext,
  scope: string,
): Promise<void> {
  // Statements stay well inside the client's 1.5 s query timeout on a loaded machine.
  const CHUNK = 5_000;
  const started = performance.now();
  for (let start = from; start < size; start += CHUNK) {
    const end = Math.min(size, start + CHUNK);
    await database.query(
      `insert into events (position, event_id, stream_id, revision, type, data, metadata, recorded_at, hash, previous_hash)
       select g + 1, gen_random_uuid(), 'P-' || (g % 1000), g / 1000, 'BatteryEvaluated', '{}'::jsonb,
              '{"occurredAt":"2025-01-01T00:00:00.000Z","schemaVersion":1}'::jsonb, now(), encode(sha256(g::text::bytea), 'hex'), null
       from generate_series($1::bigint, $2::bigint - 1) as g`,
      [start, end],
    );
    while ((await sequencer.step()).treeSize < end);
    if (end % 50_000 === 0 || end === size)
      context.progress.line(
        scope,
        `${end} leaves (${Math.round(end / ((performance.now() - started) / 1000))} leaves/s with the SQL fill)`,
      );
  }
}

/**
 * Log lag under the http benchmark's load: its API server (the log runs in every API process),
 * 50 connections POSTing evaluations for 3 s a round; every LAG_SAMPLE-th 201 is timed until a
 * signed checkpoint holds its leaf, read from the API's database. PostgreSQL only: on the
 * embedded store the API process holds the directory.
 */
async function httpLag(context: BenchContext): Promise<Samples> {
  const { options, progress, servers } = context;
  const server = await servers.get('postgres');
  const size = workload(options.quick);
  const batteries = await receivedBatteries(new ApiClient(server), size.batteries, SEED_CONCURRENCY, registration);
  const database = await openPostgres(server.databaseUrl!, { max: 2 });
  let request = 0;
  const body = JSON.stringify(evaluation(7));
  try {
    return await alternate(
      [
        {
          label: 'POST evaluations',
          async run(): Promise<Sample> {
            const acknowledged: { position: string; at: number }[] = [];
            let answered = 0;
            const sample = await load(
              server.baseUrl,
              size,
              () => `/api/v1/batteries/${batteries[request++ % batteries.length]}/evaluations`,
              server.bearer('evaluator'),
              body,
              (status, text) => {
                if (status === 201 && answered++ % LAG_SAMPLE === 0)
                  acknowledged.push({ position: (JSON.parse(text) as { position: string }).position, at: Date.now() });
              },
            );
            const lags = await lagsOf(database, acknowledged);
            return { perSecond: sample.perSecond!, lagP50Ms: percentile(lags, 50), lagP99Ms: percentile(lags, 99) };
          },
        },
      ],
      {
        scope: 'log postgres lag under http load',
        rounds: options.rounds,
        progress,
        describe: (s) => `${Math.round(s.perSecond!)} requests/s, lag p50 ${s.lagP50Ms} ms p99 ${s.lagP99Ms} ms`,
      },
    );
  } finally {
    await database.close();
  }
}

async function proofLatencies(log: TransparencyLog, size: number): Promise<Sample> {
  const inclusion: number[] = [];
  const consistency: number[] = [];
  for (let i = 0; i < PROOFS_PER_SIZE; i++) {
    const g = Math.floor(Math.random() * size);
    let started = performance.now();
    await log.inclusion(`P-${g % 1000}`, Math.floor(g / 1000), size);
    inclusion.push(performance.now() - started);
    const from = 1 + Math.floor(Math.random() * (size - 1));
    started = performance.now();
    await log.consistency(from, size);
    consistency.push(performance.now() - started);
  }
  const [inc, con] = [latencySample(inclusion), latencySample(consistency)];
  return { inclusionP50Ms: inc.p50Ms, inclusionP99Ms: inc.p99Ms, consistencyP50Ms: con.p50Ms, consistencyP99Ms: con.p99Ms };
}

/** 10^4 and 10^5 leaves; 10^6 when --events is 1,000,000 or more (about 2.5 million rows to write). */
export const proofSizes = (quick: boolean, events: number) =>
  quick ? [1_000, 10_000] : [10_000, 100_000, ...(events >= 1_000_000 ? [1_000_000] : [])];

async function onStore(store: StoreKind, context: BenchContext): Promise<StoreResult> {
  const { options, progress } = context;
  const rows: ResultRow[] = [];
  const samples: Samples = {};
  const total = options.quick ? 200 : 2_000;
  const on = await scratchDatabase(store, options.adminUrl);
  const off = await scratchDatabase(store, options.adminUrl);
  const contenders = [await appender('append with the log', on, total, true), await appender('append without the log', off, total, false)];
  try {
    const appends = await alternate(contenders, {
      scope: `log ${store} append on/off`,
      rounds: options.rounds,
      progress,
      describe: (s) =>
        `${Math.round(s.perSecond!)} events/s${s.lagP99Ms === undefined ? '' : `, lag p50 ${s.lagP50Ms} ms p99 ${s.lagP99Ms} ms`}`,
    });
    Object.assign(samples, appends);
    const append = `${WRITERS} writers × 1 event`;
    rows.push(
      resultRow(appends, {
        store,
        case: append,
        metric: 'events/s',
        key: 'perSecond',
        ours: 'append with the log',
        baseline: 'append without the log',
        goal: { kind: 'ratio-at-least', value: 0.9 },
      }),
    );
    rows.push(
      resultRow(appends, { store, case: `log lag under ${append}`, metric: 'p50 ms', key: 'lagP50Ms', ours: 'append with the log' }),
    );
    rows.push(
      resultRow(appends, { store, case: `log lag under ${append}`, metric: 'p99 ms', key: 'lagP99Ms', ours: 'append with the log' }),
    );
    if (store === 'postgres') {
      const http = await httpLag(context);
      Object.assign(samples, http);
      const load = `log lag under the http benchmark (POST evaluations, ${workload(options.quick).connections} connections)`;
      rows.push(resultRow(http, { store, case: load, metric: 'p50 ms', key: 'lagP50Ms', ours: 'POST evaluations' }));
      rows.push(resultRow(http, { store, case: load, metric: 'p99 ms', key: 'lagP99Ms', ours: 'POST evaluations' }));
    }
  } finally {
    for (const contender of contenders) await contender.close();
    await Promise.all([on.close(), off.close()]);
  }

  const scratch = await scratchDatabase(store, options.adminUrl);
  try {
    const events = await SqlEventStore.open(scratch.database);
    const log = await openLog(scratch.database, events);
    const sequencer = new LogSequencer(scratch.database, events, 2_000);
    const sizes = proofSizes(options.quick, options.events);
    await growLog(scratch.database, sequencer, 0, sizes.at(-1)!, context, `log ${store} proofs`);
    // Side by side, round after round: the trees of 10^4 and 10^5 leaves are the first leaves of the
    // largest log (the same tables), so machine load hits every size alike.
    const labelOf = (size: number) => `${size} leaves`;
    const measured = await alternate(
      sizes.map((size) => ({ label: labelOf(size), run: () => proofLatencies(log, size) })),
      {
        scope: `log ${store} proofs`,
        rounds: options.rounds,
        progress,
        describe: (s) => `inclusion p99 ${s.inclusionP99Ms!.toFixed(2)} ms, consistency p99 ${s.consistencyP99Ms!.toFixed(2)} ms`,
      },
    );
    Object.assign(samples, measured);
    for (const size of sizes) {
      for (const [kind, key] of [
        ['inclusion', 'inclusionP99Ms'],
        ['consistency', 'consistencyP99Ms'],
      ] as const) {
        const versus = size === sizes[0] ? {} : { baseline: labelOf(sizes[0]), goal: { kind: 'ratio-at-most' as const, value: 1.5 } };
        rows.push(
          resultRow(samples, { store, case: `${kind} proof at ${labelOf(size)}`, metric: 'p99 ms', key, ours: labelOf(size), ...versus }),
        );
      }
    }
    await log.stop();
  } finally {
    await scratch.close();
  }
  return { rows, samples };
}

export const logBench = perStore(
  'log',
  () => [
    "Log lag = append acknowledged → first signed checkpoint holding its leaf (every 5th append), with the log in the append process (checkpoints every second), under the append benchmark (a) load of 50 writers; on PostgreSQL also under the http benchmark's load (its API server, which runs the log, 50 connections POSTing evaluations; every 5th 201 timed).",
    'Proof sizes: the events table is filled in SQL and turned into leaves by the real sequencer, up to the largest size; then each round times, size after size, 400 random inclusion and 400 consistency proofs through TransparencyLog for a tree of that size (the smaller trees are the first leaves of the same log). 10^6 leaves runs with --events 1000000.',
  ],
  onStore,
);
