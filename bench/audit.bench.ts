import { journey } from '#libs/battery-journey';
import { diagnosis, evaluation, registration } from './fixtures/battery-lifecycles.js';
import { ApiClient, receivedBatteries } from './server/api-client.js';
import { alternate, type Contender, type Sample } from './support/alternate.js';
import { perStore, type BenchContext, type StoreResult } from './support/bench.js';
import type { StoreKind } from './support/options.js';
import { resultRow } from './support/report.js';
import { latencySample } from './support/stats.js';

const workload = (quick: boolean) => (quick ? { events: 40, requests: 10 } : { events: 1_000, requests: 50 });

/** A battery with `events` events through the API: registration, receipt, then evaluations and diagnoses in turn. */
async function longHistory(client: ApiClient, events: number): Promise<string> {
  const [batteryId] = await receivedBatteries(client, 1, 1, registration);
  for (let revision = 2; revision < events; revision++) {
    const evaluating = revision % 2 === 0;
    await client.command(evaluating ? journey.evaluate(batteryId!, evaluation(revision)) : journey.diagnose(batteryId!, diagnosis));
  }
  return batteryId!;
}

/** `requests` GETs one after another, each timed to its last byte. */
function reads(client: ApiClient, label: string, path: string, requests: number): Contender {
  return {
    label,
    async run(): Promise<Sample> {
      const latencies: number[] = [];
      for (let i = 0; i < requests; i++) latencies.push(await client.timedGet(path, 'auditor'));
      return latencySample(latencies);
    },
  };
}

const describe = (sample: Sample) => `p50 ${sample.p50Ms!.toFixed(1)} ms, p99 ${sample.p99Ms!.toFixed(1)} ms`;

async function onStore(store: StoreKind, { options, progress, servers }: BenchContext): Promise<StoreResult> {
  const scope = `audit ${store}`;
  const size = workload(options.quick);
  const server = await servers.get(store);
  const client = new ApiClient(server);
  progress.line(scope, `recording ${size.events} events on one battery through the API`);
  const id = await longHistory(client, size.events);
  const battery = `/api/v1/batteries/${id}`;
  // Halfway through the history: the fold stops there, the read still covers the whole stream.
  const middle = (await client.get(`${battery}/history?fromRevision=${size.events / 2}&limit=1`, 'auditor')) as {
    events: { recordedAt: string }[];
  };
  const asOf = encodeURIComponent(middle.events[0]!.recordedAt);
  const labels = {
    history: `GET history (${size.events} events)`,
    verify: 'GET history/verify',
    asOf: 'GET ?asOf= (mid-history)',
    passport: 'GET passport (cellpath, legitimate-interest tier)',
    current: 'GET current state',
  };
  const samples = await alternate(
    [
      reads(client, labels.history, `${battery}/history?limit=${size.events}`, size.requests),
      reads(client, labels.verify, `${battery}/history/verify`, size.requests),
      reads(client, labels.asOf, `${battery}?asOf=${asOf}`, size.requests),
      reads(client, labels.passport, `${battery}/passport`, size.requests),
      reads(client, labels.current, battery, size.requests),
    ],
    { scope: `${scope} ${size.requests} sequential requests`, rounds: options.rounds, progress, describe },
  );
  const name = `battery with ${size.events} events`;
  const p99Goal = { kind: 'value-at-most', value: 20 } as const;
  const rows = [
    resultRow(samples, { store, case: name, metric: 'p99 ms', key: 'p99Ms', ours: labels.history, goal: p99Goal }),
    resultRow(samples, { store, case: name, metric: 'p99 ms', key: 'p99Ms', ours: labels.verify, goal: p99Goal }),
    resultRow(samples, {
      store,
      case: name,
      metric: 'p50 ms',
      key: 'p50Ms',
      ours: labels.asOf,
      baseline: labels.current,
      goal: { kind: 'ratio-at-most', value: 2 },
    }),
    resultRow(samples, { store, case: name, metric: 'p99 ms', key: 'p99Ms', ours: labels.asOf, baseline: labels.current }),
    // Issue 14: the passport export is a fold of the same stream, plus its predecessors when it is a first passport.
    resultRow(samples, {
      store,
      case: name,
      metric: 'p99 ms',
      key: 'p99Ms',
      ours: labels.passport,
      baseline: labels.current,
      goal: { kind: 'ratio-at-most', value: 2 },
    }),
  ];
  return { rows, samples };
}

export const auditBench = perStore(
  'audit',
  () => ['One client, requests one after another, against the API in a child process; latency is to the last byte of the body.'],
  onStore,
);
