import { rebuildAll, type SeededLog } from './fixtures/seeded-log.js';
import { alternate, type Sample } from './support/alternate.js';
import { perStore, type BenchContext, type StoreResult } from './support/bench.js';
import { DEFAULT_EVENTS, type StoreKind } from './support/options.js';
import { resultRow } from './support/report.js';
import { withPeakRss } from './support/rss-sampler.js';

const SCAN_PAGE = 1_000;

/**
 * The read limit: every column of every event in position order, keyset-paged like the store's
 * own reads, rows parsed by the driver, nothing else.
 */
export async function rawOrderedScan(log: SeededLog): Promise<number> {
  let after = '0';
  let count = 0;
  for (;;) {
    const { rows } = await log.scratch.database.query<{ position: string }>(
      `select position::text as position, event_id::text as event_id, stream_id, revision, type, data, metadata, recorded_at, hash, previous_hash
       from events where position > $1::bigint order by position limit $2`,
      [after, SCAN_PAGE],
    );
    count += rows.length;
    if (rows.length < SCAN_PAGE) return count;
    after = rows[rows.length - 1]!.position;
  }
}

/** Events per second over the log, and the process's peak RSS meanwhile. */
export async function timedOverLog(log: SeededLog, work: () => Promise<unknown>): Promise<Sample> {
  const started = performance.now();
  const { peakRssMb } = await withPeakRss(work);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: log.events / seconds, seconds, microsecondsPerEvent: (seconds * 1e6) / log.events, peakRssMb };
}

const describe = (sample: Sample) =>
  `${Math.round(sample.perSecond!)} events/s (${sample.seconds!.toFixed(1)} s), peak RSS ${Math.round(sample.peakRssMb!)} MB`;

async function onStore(store: StoreKind, { options, progress, logs }: BenchContext): Promise<StoreResult> {
  const log = await logs.get(store, options.events);
  const scan = async () => {
    const scanned = await rawOrderedScan(log);
    if (scanned !== log.events) throw new Error(`the scan read ${scanned} of ${log.events} events`);
  };
  const samples = await alternate(
    [
      { label: 'rebuild all projections', run: () => timedOverLog(log, () => rebuildAll(log)) },
      { label: 'raw ordered scan', run: () => timedOverLog(log, scan) },
    ],
    { scope: `rebuild ${store} ${log.events} events`, rounds: options.rounds, progress, describe },
  );
  const name = `${log.events.toLocaleString('en-US')} events`;
  const common = { store, case: name, ours: 'rebuild all projections', baseline: 'raw ordered scan' };
  const rows = [
    resultRow(samples, {
      ...common,
      metric: 'events/s',
      key: 'perSecond',
      // Issue 18's goals.
      goal: { kind: 'ratio-at-least', value: store === 'postgres' ? 0.7 : 0.5 },
    }),
    resultRow(samples, { ...common, metric: 'peak RSS MB', key: 'peakRssMb' }),
  ];
  return { rows, samples };
}

export const rebuildBench = perStore(
  'rebuild',
  ({ events }) => [
    `Seeded by direct port appends of whole battery lifecycles (register … re-use or recycling, ~10 events each): ${events.toLocaleString('en-US')} events` +
      (events === DEFAULT_EVENTS ? ' (the default: 1,000,000 takes too long on a 2-core machine; --events raises it).' : '.'),
    'Every projection replays the whole log; "rebuild all" rebuilds them together: one read of the log, one transaction per batch for all.',
    'Peak RSS is the bench process: with PGlite it includes the embedded database itself.',
  ],
  onStore,
);
