import { journey } from '#libs/battery-journey';
import { registration } from './fixtures/battery-lifecycles.js';
import { ApiClient, receivedBatteries } from './server/api-client.js';
import { alternate, type Contender, type Sample } from './support/alternate.js';
import { concurrently, perStore, type BenchContext, type StoreResult } from './support/bench.js';
import type { StoreKind } from './support/options.js';
import { resultRow } from './support/report.js';
import { latencySample } from './support/stats.js';

const workload = (quick: boolean) => (quick ? { renders: 2, idleReads: 20 } : { renders: 10, idleReads: 200 });

/** Batteries evaluated, diagnosed and certified through the API: one certificate each. */
async function certificates(client: ApiClient, count: number): Promise<string[]> {
  const ids = await receivedBatteries(client, count, 4, registration);
  const certified: string[] = [];
  await concurrently(4, count, async (_, index) => {
    const batteryId = ids[index]!;
    await client.command(journey.evaluate(batteryId));
    await client.command(journey.diagnose(batteryId));
    certified.push((await client.command(journey.certify(batteryId))).certificateId as string);
  });
  return certified;
}

async function sequentialReads(client: ApiClient, path: string, more: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (more()) latencies.push(await client.timedGet(path, 'auditor'));
  return latencies;
}

async function onStore(store: StoreKind, { options, progress, servers }: BenchContext): Promise<StoreResult> {
  const scope = `pdf ${store}`;
  const size = workload(options.quick);
  const client = new ApiClient(await servers.get(store));
  const rounds = options.rounds + 1;
  progress.line(scope, `certifying ${size.renders * rounds} batteries through the API (a fresh certificate per render: PDFs are cached)`);
  const unrendered = await certificates(client, size.renders * rounds);
  const [readBattery] = await receivedBatteries(client, 1, 1, registration);
  const battery = `/api/v1/batteries/${readBattery}`;
  const labels = { busy: `GET battery, ${size.renders} PDF renders in flight`, idle: 'GET battery, idle' };

  const idle: Contender = {
    label: labels.idle,
    async run(): Promise<Sample> {
      let left = size.idleReads;
      return latencySample(await sequentialReads(client, battery, () => left-- > 0));
    },
  };
  const busy: Contender = {
    label: labels.busy,
    async run(): Promise<Sample> {
      const started = performance.now();
      let rendering = true;
      const renders = Promise.all(
        unrendered.splice(0, size.renders).map((id) => client.timedGet(`/api/v1/certificates/${id}/pdf`, 'auditor')),
      ).finally(() => (rendering = false));
      const latencies = await sequentialReads(client, battery, () => rendering);
      await renders;
      return { ...latencySample(latencies), reads: latencies.length, lastRenderMs: performance.now() - started };
    },
  };
  const samples = await alternate([busy, idle], {
    scope: `${scope} one reader`,
    rounds: options.rounds,
    progress,
    describe: (sample) =>
      `p50 ${sample.p50Ms!.toFixed(1)} ms, p99 ${sample.p99Ms!.toFixed(1)} ms` +
      (sample.reads === undefined ? '' : `, ${sample.reads} reads, renders done after ${(sample.lastRenderMs! / 1000).toFixed(1)} s`),
  });
  const name = `${size.renders} PDF renders in flight vs idle`;
  const rows = [
    resultRow(samples, {
      store,
      case: name,
      metric: 'p99 ms',
      key: 'p99Ms',
      ours: labels.busy,
      baseline: labels.idle,
      goal: { kind: 'ratio-at-most', value: 2 },
    }),
    resultRow(samples, { store, case: name, metric: 'p50 ms', key: 'p50Ms', ours: labels.busy, baseline: labels.idle }),
    resultRow(samples, { store, case: name, metric: 'ms until all renders answered', key: 'lastRenderMs', ours: labels.busy }),
  ];
  return { rows, samples };
}

export const pdfBench = perStore(
  'pdf',
  ({ quick }) => [
    `One client reads \`GET /batteries/{id}\` one request after another: while ${workload(quick).renders} certificate PDFs of never-rendered certificates are being fetched at once, and with nothing else running. Renders run on the API's worker pool (one thread per core but one).`,
  ],
  onStore,
);
