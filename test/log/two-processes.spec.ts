/**
 * Two API processes on one PostgreSQL database, 50 clients writing through both: every event is
 * exactly one leaf, leaves follow global positions, no gap, and the audit finds it consistent.
 * Needs `npm run build` first (the processes run the compiled API).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, type Database } from '#libs/database';
import { SqlEventStore } from '#libs/event-store';
import { startApiProcess, type ApiProcess } from '../support/api-process.js';
import { waitFor } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { KEYS, httpClient } from './http-client.js';
import { expectLeavesMatchEvents } from './transparency-log.contract.js';

const target = await postgresTarget();
const skip = 'skip' in target ? target.skip : undefined;
if (skip) console.warn(`SKIPPED transparency log under two API processes: ${skip}`);

(skip ? describe.skip : describe)('transparency log under two API processes and 50 clients [postgres]', () => {
  const apis: ApiProcess[] = [];
  let db: Database;

  beforeAll(async () => {
    if (!('url' in target)) return;
    // One signing key for both, as a deployment of several API processes configures it.
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    for (let i = 0; i < 2; i++) {
      apis.push(
        await startApiProcess(
          { API_KEYS: KEYS, DATABASE_URL: target.url, CERT_SIGNING_KEY: key, DATA_DIR: mkdtempSync(join(tmpdir(), `cellpath-two-${i}-`)) },
          90_000,
        ),
      );
    }
    db = await openPostgres(target.url);
  }, 200_000);
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.kill('SIGTERM')));
    await db?.close();
    if ('stop' in target) await target.stop();
  });

  test('exactly one leaf per event, in position order, no gap', async () => {
    const clients = apis.map((api) => httpClient(api.baseUrl));
    // 50 clients, alternating processes: each registers a battery and records two more events on it.
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const client = clients[i % 2];
        const { batteryId } = await client.register();
        const site = `SITE-${i}-${batteryId}`;
        await client.post('/api/v1/sites', { siteId: site, name: 'Ulsan', zones: [{ zone: 'Z-A', kind: 'standard', capacity: 2 }] });
        await client.post(`/api/v1/batteries/${batteryId}/receipts`, {
          siteId: site,
          source: 'dealer',
          hazardClass: 'intact',
          stateOfChargePct: 45,
        });
      }),
    );
    const store = await SqlEventStore.open(db);
    await waitFor('every event visible', async () => (await store.readAll()).length === 150, 30_000);
    await waitFor('every event a leaf', async () => (await clients[0].get('/api/v1/log/checkpoint', false)).treeSize === 150, 30_000);
    await expectLeavesMatchEvents(db, store, 150);
    for (const client of clients) expect(await client.get('/api/v1/log/audit')).toEqual({ consistent: true, treeSize: 150 });
    // Whichever process signed a checkpoint, it used the one configured key.
    const { rows } = await db.query<{ n: number }>('select count(distinct key_id)::int as n from log_checkpoints');
    expect(rows[0].n).toBe(1);
  }, 200_000);
});
