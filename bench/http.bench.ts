import autocannon from 'autocannon';
import pg from 'pg';
import { SqlEventStore, type NewEvent } from '#libs/event-store';
import { httpCommand, journey } from '#libs/battery-journey';
import { anEvaluationEvent, evaluation, registration } from './fixtures/battery-lifecycles.js';
import { INSERT_ONE, RawEventRows, createRawEventsTable } from './fixtures/raw-events.js';
import { ApiClient, receivedBatteries } from './server/api-client.js';
import type { ApiServer } from './server/api-server.js';
import { NOOP_PATH } from './server/noop-route.js';
import { alternate, type Contender, type Sample } from './support/alternate.js';
import { perStore, type BenchContext, type StoreResult } from './support/bench.js';
import type { StoreKind } from './support/options.js';
import { resultRow, type ResultRow } from './support/report.js';
import { POOL_SIZE, scratchDatabase } from './support/scratch-database.js';
import { latencySample } from './support/stats.js';

export const SEED_CONCURRENCY = 20;

export interface Workload {
  connections: number;
  batteries: number;
  seconds: number;
}

/** Quick mode spreads fewer connections over its few batteries, so they rarely race for one. */
export const workload = (quick: boolean): Workload =>
  quick ? { connections: 10, batteries: 20, seconds: 0.3 } : { connections: 50, batteries: 1_000, seconds: 3 };

/**
 * autocannon for `seconds`, each request's path from `path()`. autocannon drops the requests still
 * in flight when time is up, but the server still works them off: a health check queued behind
 * them makes sure the next contender starts on an idle server.
 */
export async function load(
  baseUrl: string,
  size: Workload,
  path: () => string,
  authorization: string | undefined,
  body: string,
  /** Sees each answer as it arrives (the log benchmark times acknowledged appends). */
  onResponse?: (status: number, body: string) => void,
): Promise<Sample> {
  const result = await autocannon({
    url: baseUrl,
    connections: size.connections,
    duration: size.seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
        setupRequest: (request) => ({ ...request, path: path() }),
        ...(onResponse ? { onResponse } : {}),
      },
    ],
  });
  await fetch(`${baseUrl}/health`).then((response) => response.text());
  if (result['2xx'] === 0)
    throw new Error(`autocannon: no 2xx answer from ${baseUrl}${path()} (${result.non2xx} non-2xx, ${result.errors} errors)`);
  return {
    perSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** A plain query function on the baseline's database, and how to let it go. */
interface RawTarget {
  query(sql: string, params: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Where the raw INSERT baseline writes. PostgreSQL: the API's own database, through a pool of the
 * API's size. Embedded: the API process holds its PGlite directory, so the baseline gets an
 * on-disk PGlite of its own in this process.
 */
async function rawTarget(store: StoreKind, server: ApiServer, adminUrl: string): Promise<RawTarget> {
  if (store === 'postgres') {
    const pool = new pg.Pool({ connectionString: server.databaseUrl, max: POOL_SIZE });
    await createRawEventsTable(pool);
    return { query: (sql, params) => pool.query(sql, params), close: () => pool.end() };
  }
  const scratch = await scratchDatabase('pglite', adminUrl);
  await SqlEventStore.open(scratch.database);
  await createRawEventsTable(scratch.database);
  return { query: (sql, params) => scratch.database.query(sql, params), close: () => scratch.close() };
}

/** As many concurrent single-row INSERTs (autocommit) as connections, for as long; each writer on its own streams. */
async function rawInserts(
  target: RawTarget,
  size: Workload,
  rows: RawEventRows,
  revisions: Map<string, number>,
  event: NewEvent,
): Promise<Sample> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + size.seconds * 1000;
  await Promise.all(
    Array.from({ length: size.connections }, async (_, writer) => {
      for (let call = 0; performance.now() < deadline; call++) {
        const streamId = `RAW-${writer + size.connections * (call % 20)}`;
        const revision = (revisions.get(streamId) ?? -1) + 1;
        revisions.set(streamId, revision);
        const sent = performance.now();
        await target.query(INSERT_ONE, rows.row(streamId, revision, event));
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { perSecond: latencies.length / ((performance.now() - started) / 1000), ...latencySample(latencies) };
}

const describe = (sample: Sample) =>
  `${Math.round(sample.perSecond!)}/s, p50 ${sample.p50Ms!.toFixed(1)} ms, p99 ${sample.p99Ms!.toFixed(1)} ms${sample.non2xx ? `, ${sample.non2xx} non-2xx` : ''}`;

async function onStore(store: StoreKind, { options, progress, servers }: BenchContext): Promise<StoreResult> {
  const scope = `http ${store}`;
  const size = workload(options.quick);
  const server = await servers.get(store);
  const target = await rawTarget(store, server, options.adminUrl);
  try {
    progress.line(scope, `registering and receiving ${size.batteries} batteries through the API`);
    const batteries = await receivedBatteries(new ApiClient(server), size.batteries, SEED_CONCURRENCY, registration);
    let request = 0;
    const evaluationPath = () => `/api/v1/batteries/${batteries[request++ % batteries.length]}/evaluations`;
    // Every battery is sent the same body; only the path changes.
    const body = JSON.stringify(httpCommand(journey.evaluate(batteries[0]!, evaluation(7))).body);
    const rows = new RawEventRows();
    const revisions = new Map<string, number>();
    const event = anEvaluationEvent();
    const contenders: Contender[] = [
      { label: 'POST evaluations', run: () => load(server.baseUrl, size, evaluationPath, server.bearer('evaluator'), body) },
      { label: 'no-op route', run: () => load(server.baseUrl, size, () => NOOP_PATH, undefined, body) },
      { label: 'raw INSERT', run: () => rawInserts(target, size, rows, revisions, event) },
    ];
    const samples = await alternate(contenders, {
      scope: `${scope} ${size.connections} connections`,
      rounds: options.rounds,
      progress,
      describe,
    });
    const onPostgres = store === 'postgres';
    const name = `POST evaluations, ${size.connections} connections, ${size.batteries} batteries`;
    const table: ResultRow[] = [
      resultRow(samples, {
        store,
        case: name,
        metric: 'requests/s vs rows/s',
        key: 'perSecond',
        ours: 'POST evaluations',
        baseline: 'raw INSERT',
        goal: onPostgres ? { kind: 'ratio-at-least', value: 0.6 } : undefined,
      }),
      resultRow(samples, {
        store,
        case: name,
        metric: 'p99 ms',
        key: 'p99Ms',
        ours: 'POST evaluations',
        goal: onPostgres ? { kind: 'value-at-most', value: 50 } : undefined,
      }),
      resultRow(samples, { store, case: name, metric: 'p50 ms', key: 'p50Ms', ours: 'POST evaluations', baseline: 'raw INSERT' }),
      resultRow(samples, { store, case: name, metric: 'requests/s', key: 'perSecond', ours: 'POST evaluations', baseline: 'no-op route' }),
    ];
    return { rows: table, samples };
  } finally {
    await target.close();
  }
}

export const httpBench = perStore(
  'http',
  () => [
    'The API runs in a child process (one core), autocannon and the raw INSERT baseline in the bench process (the other core).',
    'autocannon latencies have 1 ms resolution; raw INSERT latencies are timed per query.',
  ],
  onStore,
);
