/**
 * Keeps the benchmarks runnable: compiles them as `npm run bench` does and runs every one in
 * smoke mode, as a newcomer would on a machine without PostgreSQL (DATABASE_URL unset, the admin
 * URL a port nothing listens on): the embedded cases run, the PostgreSQL ones are left out with
 * a note on how to add them. Then it checks each wrote a complete result file. The numbers of a
 * smoke run mean nothing; that every path still runs end to end does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A loopback port that was free a moment ago and that nothing listens on now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const compileBenches = () => run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'bench/tsconfig.json']);
const { DATABASE_URL: _noPostgres, ...environmentWithoutPostgres } = process.env;
const BENCHES = ['append', 'http', 'rebuild', 'audit', 'pdf', 'scale', 'log', 'console'];
const ROUNDS = 5;

interface ResultFile {
  bench: string;
  rows: { ours: { median: number }; baseline: { median: number } | null; ratio: { median: number; perRound: number[] } | null }[];
  samples: Record<string, Record<string, unknown[]>>;
  machine: { cores: number; node: string };
  command: string;
}

describe('npm run bench -- all --quick, without PostgreSQL', () => {
  const out = mkdtempSync(join(tmpdir(), 'cellpath-bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs every benchmark on the embedded store, alternating ours and its baseline for five rounds, writes its results and says how to add PostgreSQL', async () => {
    await compileBenches();
    const adminUrl = `postgres://cellpath:secret@127.0.0.1:${await closedPort()}/cellpath`;
    const { stdout, stderr } = await run(
      process.execPath,
      ['dist/bench/cli.js', 'all', '--quick', '--database-url', adminUrl, '--out', out],
      {
        env: environmentWithoutPostgres,
        maxBuffer: 16 * 2 ** 20,
      },
    );

    expect(stderr).toMatch(
      /PostgreSQL at postgres:\/\/cellpath:\*\*\*@127\.0\.0\.1:\d+\/cellpath does not answer \(.+\): measuring the embedded store \(PGlite\) only/,
    );
    expect(stderr).toContain('To add PostgreSQL, point DATABASE_URL (or --database-url)');
    expect(stderr).not.toContain('secret');
    for (const bench of BENCHES) expect(stdout).toContain(`### ${bench}\n`);
    const files = readdirSync(out).filter((file) => file.endsWith('.json'));
    expect(files.map((file) => file.split('-')[0]).sort()).toEqual([...BENCHES].sort());
    for (const file of files) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text).not.toContain('secret');
      const result = JSON.parse(text) as ResultFile;
      expect(result.command).toBe(`npm run bench -- all --quick --database-url ${adminUrl.replace(':secret@', ':***@')} --out ${out}`);
      expect(Object.keys(result.samples)).toEqual(['pglite']);
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

describe('npm run bench -- <name> --store postgres, without PostgreSQL', () => {
  it('stops before measuring, exit code 1, with the reason and how to add PostgreSQL', async () => {
    await compileBenches();
    const adminUrl = `postgres://cellpath:secret@127.0.0.1:${await closedPort()}/cellpath`;
    const failure = await run(
      process.execPath,
      ['dist/bench/cli.js', 'append', '--quick', '--store', 'postgres', '--database-url', adminUrl],
      {
        env: environmentWithoutPostgres,
      },
    ).then(
      () => null,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );

    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toMatch(
      /^bench: PostgreSQL at postgres:\/\/cellpath:\*\*\*@127\.0\.0\.1:\d+\/cellpath does not answer \(.+\)\.\nTo add PostgreSQL/,
    );
    expect(failure!.stderr).not.toMatch(/secret|\n\s+at /);
    expect(failure!.stdout).not.toContain('### append');
  }, 120_000);
});
