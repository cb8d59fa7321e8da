import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { embeddedDatabasePath, openPGlite } from '#libs/database';
import { CLI, MAIN, runToExit, startApiProcess, type Exited } from '../support/api-process.js';
import { API_KEYS } from './support/api-harness.js';
import { auditAcknowledged, evaluationLoad, receivedBatteries } from './support/evaluation-load.js';

const BATTERIES = 6;
const LOAD_MS = 2_000;

/** Every process that opens DATA_DIR's embedded database, as `npm start` and `cellpath …` start it. */
const OPENERS: Array<[string, string, string[]]> = [
  ['a second API', MAIN, []],
  ['seed', CLI, ['seed', '--batteries', '1']],
  ['projections rebuild', CLI, ['projections', 'rebuild']],
  ['keys rotate', CLI, ['keys', 'rotate', '--yes']],
  ['migrate status', CLI, ['migrate', 'status']],
];

describe('one process at a time on a DATA_DIR (embedded database)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cellpath-lock-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('every second opener is refused with one line naming the holder; after SIGKILL a restart opens it; no acknowledged write lost', async () => {
    const env = { API_KEYS, DATA_DIR: dataDir };
    let api = await startApiProcess(env);
    const holder = api.child.pid!;
    const ids = await receivedBatteries(api, BATTERIES);

    const stopLoad = new AbortController();
    const loaded = evaluationLoad(api, ids, stopLoad.signal);
    const openers = await Promise.all(
      OPENERS.map(([, script, args]) => runToExit(script, args, { ...env, PORT: '0', CELLPATH_HOST: '127.0.0.1' })),
    );
    const refusals = OPENERS.map(([name], i): [string, Exited] => [name, openers[i]!]);
    for (const [name, exited] of refusals) {
      expect({ name, status: exited.status, lines: exited.stderr.trim().split('\n').length }).toEqual({ name, status: 1, lines: 1 });
      expect(exited.stderr).toContain(`${embeddedDatabasePath(dataDir)} is in use by process ${holder} (`);
    }

    await sleep(LOAD_MS);
    await api.kill('SIGKILL');
    // Requests in flight at the kill are cut off; those sent after it find no server. Both count as failed.
    await sleep(300);
    stopLoad.abort();
    const beforeKill = await loaded;
    expect(beforeKill.failed).toBeGreaterThan(0);
    expect(beforeKill.acknowledged.length).toBeGreaterThan(20);

    api = await startApiProcess(env);
    const afterRestart = await evaluationLoad(api, ids, Date.now() + 500);
    expect(afterRestart.acknowledged.length).toBeGreaterThan(0);
    await api.kill('SIGTERM');

    const acknowledged = [...beforeKill.acknowledged, ...afterRestart.acknowledged];
    const database = await openPGlite(embeddedDatabasePath(dataDir));
    let audit: Awaited<ReturnType<typeof auditAcknowledged>>;
    try {
      audit = await auditAcknowledged(database, ids, acknowledged);
    } finally {
      await database.close();
    }
    const serverErrors = beforeKill.serverErrors + afterRestart.serverErrors;
    console.info(
      `double open: ${refusals.length} second openers refused (${refusals.map(([name]) => name).join(', ')}), ` +
        `${beforeKill.acknowledged.length} writes acknowledged before SIGKILL, ${beforeKill.failed} failed at or after the kill, ${afterRestart.acknowledged.length} after restart; ` +
        `${audit.lost.length} acknowledged writes lost, ${serverErrors} 5xx answers`,
    );
    expect(audit).toEqual({ lost: [], gaps: [] });
    expect(serverErrors).toBe(0);
  }, 180_000);
});
