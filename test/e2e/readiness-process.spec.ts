/**
 * Readiness of the compiled API as a real OS process (`npm run build` first): not ready while its
 * migrations wait (this test holds the migration lock another process would hold), ready once they
 * ran, and not ready while it drains after SIGTERM. Liveness answers throughout.
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { MIGRATION_LOCK_KEY } from '#libs/database';
import { MAIN } from '../support/api-process.js';
import { waitFor } from '../support/async.js';
import { freePort } from '../support/processes.js';
import { postgresTarget } from '../support/targets.js';
import { API_KEYS, SECRETS } from './support/api-harness.js';

const probe = await postgresTarget();
if ('stop' in probe) await probe.stop();
const skip = 'skip' in probe ? probe.skip : undefined;
if (skip) console.warn(`SKIPPED readiness of the API process: ${skip}`);

const DRAIN_MS = 4000;

(skip ? describe.skip : describe)('readiness of the API process [postgres]', () => {
  test('503 not-ready while migrating, 200 once ready, 503 while draining after SIGTERM; live is 200 throughout', async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    const holder = new pg.Client({ connectionString: target.url });
    await holder.connect();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
    const status = (path: string) =>
      get(path).then(
        (response) => response.status,
        () => 0,
      );
    let output = '';
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const child = spawn(process.execPath, [MAIN], {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: target.url,
          DATA_DIR: mkdtempSync(join(tmpdir(), 'cellpath-ready-')),
          API_KEYS,
          PORT: String(port),
          CELLPATH_HOST: '127.0.0.1',
          CELLPATH_DRAIN_MS: String(DRAIN_MS),
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const exited = once(child, 'exit');
      try {
        await waitFor('liveness while the migrations wait', async () => (await status('/health/live')) === 200, 30_000);
        const migrating = await get('/health/ready');
        expect(migrating.status).toBe(503);
        expect(migrating.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(migrating.headers.get('retry-after')).toBe('5');
        expect(await migrating.json()).toMatchObject({ type: 'https://cellpath.dev/problems/not-ready', status: 503 });
        expect(await status('/health')).toBe(503);
        expect(await status('/api/v1/batteries/B-1')).toBe(503);

        await holder.query('commit');
        await waitFor('readiness once migrated', async () => (await status('/health/ready')) === 200, 60_000);
        expect(await (await get('/health/ready')).json()).toEqual({ status: 'ok' });

        child.kill('SIGTERM');
        await waitFor('readiness to fail while draining', async () => (await status('/health/ready')) === 503, DRAIN_MS);
        const draining = await get('/health/ready', { authorization: `Bearer ${SECRETS.auditor}` });
        expect(((await draining.json()) as { error: unknown }).error).toEqual({ draining: { status: 'down', draining: true } });
        // Still serving meanwhile: the process is alive and answers everything else.
        expect(await status('/health/live')).toBe(200);
        expect(await status('/health')).toBe(200);
        await exited;
        expect(output).not.toMatch(/FSTDEP|FSTWRN|DeprecationWarning/);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\nAPI output:\n${output}`, { cause: error });
    } finally {
      await holder.end();
      await target.stop();
    }
  }, 120_000);
});
