import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '#libs/database';
import { startApiProcess } from '../support/api-process.js';
import { postgresTarget } from '../support/targets.js';
import { API_KEYS } from './support/api-harness.js';
import { auditAcknowledged, evaluationLoad as load, receivedBatteries } from './support/evaluation-load.js';

const BATTERIES = 8;
const LOAD_MS = 1500;

const storeEnv = process.env.DATABASE_URL ? 'postgres' : 'pglite';

describe(`an API process killed with SIGKILL under load loses no acknowledged event [${storeEnv}]`, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let stopTarget = async () => {};
  // The database the API process was given, opened as it opens it.
  const openItsDatabase = (): Promise<Database> => openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cellpath-crash-'));
    env = { API_KEYS, DATA_DIR: dataDir };
    if (process.env.DATABASE_URL) {
      const target = await postgresTarget();
      if ('skip' in target) throw new Error(target.skip);
      env.DATABASE_URL = target.url;
      stopTarget = target.stop;
    }
  });
  afterAll(async () => {
    await stopTarget();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every acknowledged evaluation is in the store after a restart, revisions contiguous', async () => {
    let api = await startApiProcess(env);
    const ids = await receivedBatteries(api, BATTERIES);

    const running = load(api, ids, Date.now() + LOAD_MS * 2);
    await new Promise((r) => setTimeout(r, LOAD_MS));
    await api.kill('SIGKILL');
    const { acknowledged, failed } = await running;
    console.info(
      `crash under load [${storeEnv}]: ${acknowledged.length} evaluations acknowledged in ${LOAD_MS} ms before SIGKILL, ${failed} requests failed`,
    );
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(failed).toBeGreaterThan(0);

    api = await startApiProcess(env);
    const after = await load(api, ids, Date.now() + 300);
    expect(after.acknowledged.length).toBeGreaterThan(0);
    await api.kill('SIGTERM');

    const database = await openItsDatabase();
    try {
      expect(await auditAcknowledged(database, ids, [...acknowledged, ...after.acknowledged])).toEqual({ lost: [], gaps: [] });
    } finally {
      await database.close();
    }
    console.info(
      `crash test: ${acknowledged.length} acknowledged before SIGKILL, ${failed} cut off, ${after.acknowledged.length} after restart, 0 lost`,
    );
  }, 120_000);
});
