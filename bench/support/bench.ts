import type { SeededLogs } from '../fixtures/seeded-log.js';
import type { ApiServers } from '../server/api-server.js';
import type { Samples } from './alternate.js';
import type { BenchName, BenchOptions, StoreKind } from './options.js';
import type { Progress } from './progress.js';
import type { BenchReport, ResultRow } from './report.js';

export interface BenchContext {
  options: BenchOptions;
  progress: Progress;
  /** Seeded event logs, shared by the benchmarks of the run. */
  logs: SeededLogs;
  /** The API in a child process, one per store, shared by the benchmarks of the run. */
  servers: ApiServers;
}

export interface Bench {
  name: BenchName;
  run(context: BenchContext): Promise<BenchReport>;
}

/** Runs `work` on `writers` concurrent callers until `total` calls are made; returns the seconds taken. */
export async function concurrently(writers: number, total: number, work: (writer: number, call: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let call = next++; call < total; call = next++) await work(writer, call);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** What a benchmark measured on one store. */
export interface StoreResult {
  rows: ResultRow[];
  samples: Samples;
}

/** A benchmark run on each store asked for, one after another, into one report. */
export function perStore(
  name: BenchName,
  notes: (options: BenchOptions) => string[],
  onStore: (store: StoreKind, context: BenchContext) => Promise<StoreResult>,
): Bench {
  return {
    name,
    async run(context) {
      const report: BenchReport = { bench: name, rows: [], samples: {}, notes: notes(context.options) };
      for (const store of context.options.stores) {
        const { rows, samples } = await onStore(store, context);
        report.rows.push(...rows);
        report.samples[store] = samples;
      }
      return report;
    },
  };
}
