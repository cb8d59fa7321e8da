import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { startProjectorProcess, type ProjectorProcess } from '../reliability/support/cluster.js';

/** The projector container's HEALTHCHECK command (Dockerfile, docker-compose.yml), compiled. */
const HEALTHCHECK = resolve('dist/apps/projector/src/healthcheck.js');

function healthcheck(dataDir: string, maxAgeSeconds?: number): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    const args = maxAgeSeconds === undefined ? [HEALTHCHECK] : [HEALTHCHECK, String(maxAgeSeconds)];
    execFile(process.execPath, args, { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir } }, (error, _stdout, stderr) =>
      done({ code: error ? Number(error.code) : 0, stderr }),
    );
  });
}

const skip = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is unset: the projector needs PostgreSQL';
if (skip) console.warn(`SKIPPED projector healthcheck: ${skip}`);

(skip ? describe.skip : describe)('the projector healthcheck (no HTTP: a heartbeat file of its last lease check)', () => {
  let stopTarget: (() => Promise<void>) | undefined;
  let projector: ProjectorProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'cellpath-projector-health-'));

  beforeAll(async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    stopTarget = target.stop;
    projector = await startProjectorProcess({ DATABASE_URL: target.url, DATA_DIR: dataDir });
  });

  afterAll(async () => {
    projector?.child.kill('SIGCONT');
    await projector?.kill('SIGTERM');
    await stopTarget?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('healthy while the projector checks its lease; unhealthy, with the reason, when it is frozen or absent; healthy again once thawed', async () => {
    await waitFor('a healthy projector', async () => (await healthcheck(dataDir)).code === 0);

    const elsewhere = await healthcheck(mkdtempSync(join(tmpdir(), 'cellpath-projector-health-none-')));
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/^cellpath-projector-healthcheck: unhealthy: no heartbeat at .*projector-heartbeat \(ENOENT\)\n$/);

    projector!.child.kill('SIGSTOP');
    let frozen = { code: 0, stderr: '' };
    await waitFor('the frozen projector to turn unhealthy', async () => (frozen = await healthcheck(dataDir, 3)).code === 1, 20_000);
    expect(frozen.stderr).toMatch(/unhealthy: last lease check \d+ s ago \(more than 3 s\)/);

    projector!.child.kill('SIGCONT');
    await waitFor('the thawed projector to be healthy again', async () => (await healthcheck(dataDir, 3)).code === 0, 20_000);
  }, 90_000);
});
