import { SqlEventStore } from '#libs/event-store';
import { anEvaluationEvent, sampleEvents } from './fixtures/battery-lifecycles.js';
import { rebuildAll } from './fixtures/seeded-log.js';
import { timedOverLog } from './rebuild.bench.js';
import { alternate, type Contender, type Sample } from './support/alternate.js';
import { perStore, type BenchContext, type StoreResult } from './support/bench.js';
import type { Progress } from './support/progress.js';
import type { StoreKind } from './support/options.js';
import { resultRow } from './support/report.js';
import { scratchDatabase } from './support/scratch-database.js';
import { latencySample } from './support/stats.js';

const SEED_APPEND_EVENTS = 1_000;
const SHORT_STREAM = 10;
/** Growth within noise: "must not grow" and "linear" are read as at most 1.2× here. */
const FLAT = { kind: 'ratio-at-most', value: 1.2 } as const;

const workload = (quick: boolean) => (quick ? { longStream: 1_000, appends: 10 } : { longStream: 100_000, appends: 200 });

/** A stream of `length` events, appended in large batches (a seed, not the measured path). */
async function streamOf(store: SqlEventStore, streamId: string, length: number, progress: Progress, scope: string): Promise<void> {
  const counter = progress.counter(scope, `events in ${streamId}`, length);
  const events = sampleEvents(Math.min(length, SEED_APPEND_EVENTS));
  try {
    for (let stored = 0; stored < length;) {
      const batch = events.slice(0, Math.min(events.length, length - stored));
      await store.append(streamId, batch, { expectedRevision: stored === 0 ? 'no_stream' : stored - 1 });
      stored += batch.length;
      counter.update(stored);
    }
  } finally {
    counter.stop();
  }
}

/** `appends` single-event appends one after another, each timed. */
function appendsTo(store: SqlEventStore, label: string, streamId: string, length: number, appends: number): Contender {
  let revision = length - 1;
  const event = anEvaluationEvent();
  return {
    label,
    async run(): Promise<Sample> {
      const latencies: number[] = [];
      for (let i = 0; i < appends; i++) {
        const started = performance.now();
        await store.append(streamId, [event], { expectedRevision: revision++ });
        latencies.push(performance.now() - started);
      }
      return latencySample(latencies);
    },
  };
}

async function appendLatency(kind: StoreKind, { options, progress }: BenchContext): Promise<StoreResult> {
  const scope = `scale ${kind} append`;
  const size = workload(options.quick);
  const scratch = await scratchDatabase(kind, options.adminUrl);
  const store = await SqlEventStore.open(scratch.database);
  try {
    await streamOf(store, 'BAT-SHORT', SHORT_STREAM, progress, scope);
    await streamOf(store, 'BAT-LONG', size.longStream, progress, scope);
    const short = `append to a ${SHORT_STREAM}-event stream`;
    const long = `append to a ${size.longStream.toLocaleString('en-US')}-event stream`;
    const samples = await alternate(
      [appendsTo(store, long, 'BAT-LONG', size.longStream, size.appends), appendsTo(store, short, 'BAT-SHORT', SHORT_STREAM, size.appends)],
      {
        scope: `${scope} ${size.appends} appends`,
        rounds: options.rounds,
        progress,
        describe: (sample) => `p50 ${sample.p50Ms!.toFixed(2)} ms, p99 ${sample.p99Ms!.toFixed(2)} ms`,
      },
    );
    const name = `1-event append latency, ${size.longStream.toLocaleString('en-US')} vs ${SHORT_STREAM} events in the stream`;
    return {
      rows: [
        resultRow(samples, { store: kind, case: name, metric: 'p50 ms', key: 'p50Ms', ours: long, baseline: short, goal: FLAT }),
        resultRow(samples, { store: kind, case: name, metric: 'p99 ms', key: 'p99Ms', ours: long, baseline: short }),
      ],
      samples,
    };
  } finally {
    await store.close();
    await scratch.close();
  }
}

async function rebuildGrowth(kind: StoreKind, { options, progress, logs }: BenchContext): Promise<StoreResult> {
  const tenth = await logs.get(kind, Math.ceil(options.events / 10));
  const full = await logs.get(kind, options.events);
  const labels = {
    full: `rebuild over ${full.events.toLocaleString('en-US')} events`,
    tenth: `rebuild over ${tenth.events.toLocaleString('en-US')} events`,
  };
  const samples = await alternate(
    [
      { label: labels.full, run: () => timedOverLog(full, () => rebuildAll(full)) },
      { label: labels.tenth, run: () => timedOverLog(tenth, () => rebuildAll(tenth)) },
    ],
    {
      scope: `scale ${kind} rebuild`,
      rounds: options.rounds,
      progress,
      describe: (sample) =>
        `${sample.microsecondsPerEvent!.toFixed(1)} µs/event (${sample.seconds!.toFixed(1)} s), peak RSS ${Math.round(sample.peakRssMb!)} MB`,
    },
  );
  const name = 'rebuild all projections, full log vs a tenth of it';
  const common = { store: kind, case: name, ours: labels.full, baseline: labels.tenth, goal: FLAT };
  return {
    rows: [
      resultRow(samples, { ...common, metric: 'µs per event (linear: ratio 1)', key: 'microsecondsPerEvent' }),
      resultRow(samples, { ...common, metric: 'peak RSS MB (flat: ratio 1)', key: 'peakRssMb' }),
    ],
    samples,
  };
}

async function onStore(kind: StoreKind, context: BenchContext): Promise<StoreResult> {
  const append = await appendLatency(kind, context);
  const rebuild = await rebuildGrowth(kind, context);
  return { rows: [...append.rows, ...rebuild.rows], samples: { ...append.samples, ...rebuild.samples } };
}

export const scaleBench = perStore(
  'scale',
  () => [
    '"Must not grow" and "linear" are read as a median ratio of at most 1.2 (run-to-run noise on a shared 2-core machine).',
    'Peak RSS is the bench process: with PGlite it includes both embedded databases.',
  ],
  onStore,
);
