/**
 * A write that cannot finish in time: another session holds the events table locked (as a long
 * maintenance statement or a stuck migration would), so the append waits until the API's
 * statement_timeout (here 1 s, from `?statement_timeout=` in DATABASE_URL) cancels it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgres, type Database } from '#libs/database';
import { SqlEventStore, StreamNotFound } from '#libs/event-store';
import { startApiProcess, type ApiProcess } from '../support/api-process.js';
import { postgresTarget } from '../support/targets.js';
import { journey } from '#libs/battery-journey';
import { API_KEYS } from './support/cluster.js';
import { expectUnavailable, probe, probeCommand } from './support/probe.js';
import { auditStore, readLogThrough } from './support/store-audit.js';

const STATEMENT_TIMEOUT_MS = 1_000;

const skip = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is unset (statement_timeout is a PostgreSQL server setting)';
if (skip) console.warn(`SKIPPED statement timeout: ${skip}`);

(skip ? describe.skip : describe)(`a statement timeout on PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let api: ApiProcess;
  let url: string;
  let database: Database;
  let store: SqlEventStore;
  let dataDir: string;
  let stopTarget = async () => {};

  beforeAll(async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    stopTarget = target.stop;
    url = target.url;
    dataDir = mkdtempSync(join(tmpdir(), 'cellpath-timeout-'));
    api = await startApiProcess({ API_KEYS, DATA_DIR: dataDir, DATABASE_URL: `${url}?statement_timeout=${STATEMENT_TIMEOUT_MS}` });
    database = await openPostgres(url, { max: 2 });
    store = await SqlEventStore.open(database);
  }, 60_000);

  afterAll(async () => {
    await api?.kill('SIGTERM');
    await store?.close();
    await database?.close();
    await stopTarget();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const revisionOf = (streamId: string) =>
    store.readStream(streamId, { direction: 'backwards', limit: 1 }).then(
      ([last]) => last!.revision,
      (error: unknown) => (error instanceof StreamNotFound ? -1 : Promise.reject(error)),
    );

  test('a storage append blocked past statement_timeout: 503 with Retry-After, neither stream written, the same request then succeeds once', async () => {
    const site = journey.createSite({ zones: [{ zone: 'Z-A', kind: 'standard', capacity: 2 }] });
    const siteId = site.siteId;
    const battery = journey.register();
    const on = (step: string) => `/api/v1/batteries/${battery.batteryId}/${step}`;
    expect((await probeCommand(api.baseUrl, site)).status).toBe(201);
    expect((await probeCommand(api.baseUrl, battery)).status).toBe(201);
    expect((await probeCommand(api.baseUrl, journey.receive(battery.batteryId, siteId))).status).toBe(201);

    const storage = { siteId, zone: 'Z-A', slot: 'A-1', stateOfChargePct: 40, occurredAt: new Date(Date.now() - 1000).toISOString() };
    const key = randomUUID();
    const before = { battery: await revisionOf(battery.batteryId), site: await revisionOf(`site/${siteId}`) };
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('begin');
      // Reads go on (EXCLUSIVE allows ACCESS SHARE); every insert into events waits.
      await locker.query('lock table events in exclusive mode');
      const blocked = await probe(api.baseUrl, 'operator', on('storage'), { body: storage, idempotencyKey: key });
      expectUnavailable(blocked, 'timeout');
      expect(blocked.elapsedMs).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS * 0.9);
      expect(blocked.elapsedMs).toBeLessThan(STATEMENT_TIMEOUT_MS + 2_000);
      const read = await probe(api.baseUrl, 'auditor', `/api/v1/batteries/${battery.batteryId}`);
      expect({ status: read.status, location: read.body.location }).toEqual({ status: 200, location: null });
      expect({ battery: await revisionOf(battery.batteryId), site: await revisionOf(`site/${siteId}`) }).toEqual(before);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }

    const retried = await probe(api.baseUrl, 'operator', on('storage'), { body: storage, idempotencyKey: key });
    expect(retried.status).toBe(201);
    expect(retried.body.revision).toBe(before.battery + 1);
    const acknowledged = {
      command: 'store',
      streamId: battery.batteryId,
      revision: retried.body.revision as number,
      position: retried.body.position as string,
      expect: { type: 'BatteryStored', occurredAt: storage.occurredAt },
    };
    const audit = auditStore(await readLogThrough(store, acknowledged.position), [acknowledged]);
    expect(audit.violations).toEqual([]);
    expect(await revisionOf(`site/${siteId}`)).toBe(before.site + 1);
    expect(api.child.exitCode).toBeNull();
  }, 60_000);
});
