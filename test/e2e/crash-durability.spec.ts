import { batteryStream } from '../../apps/api/src/lifecycle/stream-names.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPGlite, openPostgres, type Database } from '#libs/database';
import { SqlEventStore } from '#libs/event-store';
import { startApiProcess, type ApiProcess } from '../support/api-process.js';
import { postgresTarget } from '../support/targets.js';
import { API_KEYS, SECRETS } from './support/api-harness.js';
import { aBatteryRegistration, aSite } from './support/fixtures.js';

const BATTERIES = 8;
const WORKERS = 16;
const LOAD_MS = 1500;

interface Acknowledged {
  batteryId: string;
  revision: number;
  stateOfHealthPct: number;
}

async function call(api: ApiProcess, role: keyof typeof SECRETS, path: string, body: unknown) {
  const response = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRETS[role]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Evaluations from many workers until the deadline; only 201s count as acknowledged. */
async function load(api: ApiProcess, ids: string[], until: number): Promise<{ acknowledged: Acknowledged[]; failed: number }> {
  const acknowledged: Acknowledged[] = [];
  let failed = 0;
  let sequence = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      while (Date.now() < until) {
        const batteryId = ids[(worker + sequence) % ids.length]!;
        const stateOfHealthPct = 50 + ((sequence++ % 5000) / 100);
        try {
          const r = await call(api, 'evaluator', `/api/v1/batteries/${batteryId}/evaluations`, { method: 'bms-data', stateOfHealthPct, remainingCapacityAh: 100, visualInspection: 'pass' });
          if (r.status === 201) acknowledged.push({ batteryId, revision: r.body.revision as number, stateOfHealthPct });
          else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { acknowledged, failed };
}

const storeEnv = process.env.DATABASE_URL ? 'postgres' : 'pglite';

describe(`an API process killed with SIGKILL under load loses no acknowledged event [${storeEnv}]`, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let stopTarget = async () => {};
  const openDatabase = async (): Promise<Database> => (env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPGlite(join(dataDir, 'pglite')));

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
    const site = aSite();
    expect((await call(api, 'operator', '/api/v1/sites', site)).status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < BATTERIES; i++) {
      const registration = aBatteryRegistration();
      expect((await call(api, 'operator', '/api/v1/batteries', registration)).status).toBe(201);
      expect((await call(api, 'operator', `/api/v1/batteries/${registration.batteryId}/receipts`, { siteId: site.siteId, source: 'oem', hazardClass: 'intact' })).status).toBe(201);
      ids.push(registration.batteryId);
    }

    const running = load(api, ids, Date.now() + LOAD_MS * 2);
    await new Promise((r) => setTimeout(r, LOAD_MS));
    await api.kill('SIGKILL');
    const { acknowledged, failed } = await running;
    console.info(`crash under load [${storeEnv}]: ${acknowledged.length} evaluations acknowledged in ${LOAD_MS} ms before SIGKILL, ${failed} requests failed`);
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(failed).toBeGreaterThan(0);

    api = await startApiProcess(env);
    const after = await load(api, ids, Date.now() + 300);
    expect(after.acknowledged.length).toBeGreaterThan(0);
    await api.kill('SIGTERM');

    const database = await openDatabase();
    const store = await SqlEventStore.open(database);
    try {
      for (const id of ids) {
        const events = await store.readStream(batteryStream(id));
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
        for (const ack of [...acknowledged, ...after.acknowledged].filter((a) => a.batteryId === id)) {
          const event = events[ack.revision];
          expect({ type: event?.type, soh: event?.data.stateOfHealthPct }).toEqual({ type: 'BatteryEvaluated', soh: ack.stateOfHealthPct });
        }
      }
    } finally {
      await store.close();
      await database.close();
    }
    console.info(`crash test: ${acknowledged.length} acknowledged before SIGKILL, ${failed} cut off, ${after.acknowledged.length} after restart, 0 lost`);
  }, 120_000);
});
