import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendBench } from './append.bench.js';
import { auditBench } from './audit.bench.js';
import { consoleBench } from './console.bench.js';
import { SeededLogs } from './fixtures/seeded-log.js';
import { httpBench } from './http.bench.js';
import { logBench } from './log.bench.js';
import { pdfBench } from './pdf.bench.js';
import { ApiServers } from './server/api-server.js';
import { rebuildBench } from './rebuild.bench.js';
import { scaleBench } from './scale.bench.js';
import type { Bench } from './support/bench.js';
import { describeMachine } from './support/machine.js';
import type { BenchName, BenchOptions } from './support/options.js';
import { reachableStores } from './support/postgres-probe.js';
import type { Progress } from './support/progress.js';
import { markdownTable } from './support/report.js';

const BENCHES: Record<BenchName, Bench> = {
  append: appendBench,
  http: httpBench,
  rebuild: rebuildBench,
  audit: auditBench,
  pdf: pdfBench,
  scale: scaleBench,
  log: logBench,
  console: consoleBench,
};

/**
 * Runs the benchmarks asked for, in order: each prints its table on stdout as it finishes and
 * writes its JSON (rows, raw samples, machine, command) to the output directory. Returns those files.
 */
export async function runBenchmarks(asked: BenchOptions, command: string, progress: Progress): Promise<string[]> {
  const { options, postgres } = await reachableStores(asked, progress);
  const machine = describeMachine(postgres);
  progress.line(
    'bench',
    `${command} on ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres ?? '-'}, PGlite ${machine.pglite}, load ${machine.loadAverage.toFixed(2)}`,
  );
  mkdirSync(options.outDir, { recursive: true });
  // The admin URL may carry a password: it stays out of the results.
  const { adminUrl: _adminUrl, ...shownOptions } = options;
  const logs = new SeededLogs(options.adminUrl, progress);
  const cpuProfileDir = options.profileServer ? mkdtempSync(join(tmpdir(), 'cellpath-bench-profiles-')) : undefined;
  if (cpuProfileDir) progress.line('bench', `CPU profiles of the API process go to ${cpuProfileDir}`);
  const servers = new ApiServers({ adminUrl: options.adminUrl, cpuProfileDir }, progress);
  const files: string[] = [];
  try {
    for (const name of options.benches) {
      const startedAt = new Date();
      const report = await BENCHES[name].run({ options, progress, logs, servers });
      const finishedAt = new Date();
      const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
      process.stdout.write(
        `${markdownTable(name, report.rows)}\n${report.notes.map((note) => `\n${note}`).join('')}\n\n(${seconds.toFixed(0)} s)\n\n`,
      );
      const file = join(options.outDir, `${name}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
      writeFileSync(
        file,
        `${JSON.stringify({ ...report, command, startedAt, finishedAt, seconds, machine, options: shownOptions }, null, 2)}\n`,
      );
      progress.line('bench', `wrote ${file}`);
      files.push(file);
    }
  } finally {
    await servers.stopAll();
    await logs.closeAll();
  }
  return files;
}
