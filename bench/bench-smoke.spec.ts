/**
 * Keeps the benchmarks runnable: compiles them as `npm run bench` does and runs every one in
 * smoke mode on the embedded store, then checks each wrote a complete result file. The numbers
 * of a smoke run mean nothing; that every path still runs end to end does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BENCHES = ['append', 'http', 'rebuild', 'audit', 'scale', 'log'];
const ROUNDS = 5;

interface ResultFile {
  bench: string;
  rows: { ours: { median: number }; baseline: { median: number } | null; ratio: { median: number; perRound: number[] } | null }[];
  samples: Record<string, Record<string, unknown[]>>;
  machine: { cores: number; node: string };
  command: string;
}

describe('npm run bench -- all --quick --store pglite', () => {
  const out = mkdtempSync(join(tmpdir(), 'cellpath-bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs every benchmark, alternating ours and its baseline for five rounds, and writes its results', async () => {
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'bench/tsconfig.json']);
    const { stdout } = await run(process.execPath, ['dist/bench/cli.js', 'all', '--quick', '--store', 'pglite', '--out', out], { maxBuffer: 16 * 2 ** 20 });

    for (const bench of BENCHES) expect(stdout).toContain(`### ${bench}\n`);
    const files = readdirSync(out).filter((file) => file.endsWith('.json'));
    expect(files.map((file) => file.split('-')[0]).sort()).toEqual([...BENCHES].sort());
    for (const file of files) {
      const result = JSON.parse(readFileSync(join(out, file), 'utf8')) as ResultFile;
      expect(result.command).toBe('npm run bench -- all --quick --store pglite --out ' + out);
      expect(result.machine.cores).toBeGreaterThan(0);
      expect(result.rows.length).toBeGreaterThan(0);
      for (const row of result.rows) {
        expect(Number.isFinite(row.ours.median)).toBe(true);
        if (row.baseline) expect(row.baseline.median).toBeGreaterThan(0);
        if (row.ratio) expect(row.ratio.perRound).toHaveLength(ROUNDS);
      }
      for (const contenders of Object.values(result.samples)) {
        for (const samples of Object.values(contenders)) expect(samples).toHaveLength(ROUNDS);
      }
    }
  }, 600_000);
});
