/**
 * Infrastructure faults under a running deployment (2 API processes + 1 projector, child
 * processes): the event store's disk fills up, and the PostgreSQL server is stopped and started
 * again under load. Both touch the machine (a tmpfs mount; the shared cluster goes down for a few
 * seconds), so they run only in CI (CI=true, where suites run one at a time) or with
 * CELLPATH_FAULT_TESTS=1. The server restart runs last and is undone in a `finally`.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '#libs/database';
import { StreamNotFound, type SqlEventStore } from '#libs/event-store';
import { postgresTarget } from '../support/targets.js';
import type { Cluster } from './support/cluster.js';
import { eventsOnSmallDisk, mountUnavailable, type FullDisk } from './support/full-disk.js';
import type { Acknowledgement } from './support/ledger.js';
import { soakSites } from './support/lifecycle-driver.js';
import { postgresControlUnavailable, startPostgres, stopPostgres } from './support/postgres-server.js';
import { acknowledgementOf, expectUnavailable, probe, probeUntilAnswered, receivedBattery, type ProbeAnswer } from './support/probe.js';
import { expectConsistent, runSoak, startSoakDeployment } from './support/soak-run.js';
import { FAULTS_ALLOWED, FAULTS_SKIP_REASON, SOAK } from './support/soak-settings.js';

const skip = !process.env.DATABASE_URL
  ? 'DATABASE_URL is unset (these faults are PostgreSQL faults)'
  : !FAULTS_ALLOWED
    ? FAULTS_SKIP_REASON
    : postgresControlUnavailable();
if (skip) console.warn(`SKIPPED reliability faults: ${skip}`);
const diskSkip = skip ?? mountUnavailable();
if (diskSkip && !skip) console.warn(`SKIPPED full disk: ${diskSkip}`);

/** How long the server stays down: long enough for every process to notice, as a restart would. */
const DOWN_MS = 3_000;

(skip ? describe.skip : describe)(`infrastructure faults under a running deployment${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let cluster: Cluster;
  let url: string;
  let database: Database;
  let store: SqlEventStore;
  let stopTarget = async () => {};
  const sites = soakSites();
  const acknowledged: Acknowledgement[] = [];

  /** A battery registered and received at the first site, ready for storage commands. */
  async function receivedAtFirstSite(): Promise<string> {
    const { batteryId, registered } = await receivedBattery(cluster.liveBaseUrls()[0]!, sites[0]!.siteId);
    acknowledged.push(registered);
    return batteryId;
  }

  const revisionOf = (streamId: string) =>
    store.readStream(streamId, { direction: 'backwards', limit: 1 }).then(
      ([last]) => last!.revision,
      (error: unknown) => (error instanceof StreamNotFound ? -1 : Promise.reject(error)),
    );

  beforeAll(async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    stopTarget = target.stop;
    url = target.url;
    const deployment = await startSoakDeployment(url, url, sites);
    ({ cluster, database, store } = deployment);
    acknowledged.push(...deployment.acknowledged);
  }, 120_000);

  afterAll(async () => {
    // Whatever happened above, the shared server must be left running.
    startPostgres();
    await cluster?.stop();
    await store?.close();
    await database?.close();
    await stopTarget();
  });

  (diskSkip ? test.skip : test)(
    'the event store disk fills up: 503 with Retry-After, no storage command half-written, the same request succeeds once space is back',
    async () => {
      const batteryId = await receivedAtFirstSite();
      const siteStream = `site/${sites[0]!.siteId}`;
      const api = cluster.liveBaseUrls()[0]!;
      let disk: FullDisk | undefined;
      try {
        disk = await eventsOnSmallDisk(url);
        disk.fill();
        // Store and release in turn (each appends to the battery and the site) until the disk refuses.
        let refused:
          { answer: ProbeAnswer; path: string; body: Record<string, unknown>; key: string; before: [number, number] } | undefined;
        let accepted = 0;
        for (let i = 0; i < 500 && !refused; i++) {
          const path = `/api/v1/batteries/${batteryId}/${i % 2 === 0 ? 'storage' : 'storage/release'}`;
          const occurredAt = new Date(Date.now() - 60_000 + i).toISOString();
          const body =
            i % 2 === 0 ? { siteId: sites[0]!.siteId, zone: 'Z-A', slot: 'A-1', occurredAt } : { reason: 'rotation', occurredAt };
          const key = randomUUID();
          const before: [number, number] = [await revisionOf(batteryId), await revisionOf(siteStream)];
          const answer = await probe(api, 'operator', path, { body, idempotencyKey: key });
          if (answer.status === 201) {
            accepted++;
            acknowledged.push(
              acknowledgementOf(path.endsWith('release') ? 'release' : 'store', batteryId, answer, {
                type: path.endsWith('release') ? 'BatteryReleasedFromStorage' : 'BatteryStored',
                occurredAt,
              }),
            );
          } else {
            refused = { answer, path, body, key, before };
          }
        }
        expect(refused).toBeDefined();
        expectUnavailable(refused!.answer, 'out-of-resources');
        expect([await revisionOf(batteryId), await revisionOf(siteStream)]).toEqual(refused!.before);
        expect((await probe(api, 'auditor', `/api/v1/batteries/${batteryId}`)).status).toBe(200);

        disk.free();
        const retried = await probe(api, 'operator', refused!.path, { body: refused!.body, idempotencyKey: refused!.key });
        expect(retried.status).toBe(201);
        const release = refused!.path.endsWith('release');
        acknowledged.push(
          acknowledgementOf(release ? 'release' : 'store', batteryId, retried, {
            type: release ? 'BatteryReleasedFromStorage' : 'BatteryStored',
            occurredAt: refused!.body.occurredAt as string,
          }),
        );
        console.info(
          `full disk: ${accepted} storage commands acknowledged on the filled disk, then ${refused!.path.split('/').pop()} refused with 503 (${refused!.answer.body.detail}); retried after freeing space: 201`,
        );
      } finally {
        await disk?.dispose();
      }
      const audit = await expectConsistent(cluster, store, acknowledged);
      expect(audit.violations).toEqual([]);
    },
    120_000,
  );

  // Keep this test last: it stops the shared PostgreSQL server.
  test('PostgreSQL stopped and restarted under load: 503 + Retry-After within 2 s while down, every process stays up and resumes by itself, the projector from its checkpoint', async () => {
    const probeBattery = await receivedAtFirstSite();
    const seconds = Math.max(10, Math.round(SOAK.seconds / 2));
    const load = runSoak(cluster, { clients: SOAK.clients, seconds, seed: SOAK.seed + 2_000, sites });
    await sleep(2_500);
    const checkpointsBefore = await database.query<{ name: string; position: string }>(
      'select name, position::text as position from projection_checkpoints order by name',
    );
    const processes = [...cluster.apis.map((api) => api.child), cluster.projector.child];
    const evaluation = {
      method: 'bms-data',
      stateOfHealthPct: 83.5,
      remainingCapacityAh: 150,
      visualInspection: 'pass',
      occurredAt: new Date(Date.now() - 30_000).toISOString(),
    };
    const key = randomUUID();
    const whileDown: ProbeAnswer[] = [];
    try {
      stopPostgres();
      const downSince = Date.now();
      for (const api of cluster.liveBaseUrls()) {
        whileDown.push(
          await probe(api, 'evaluator', `/api/v1/batteries/${probeBattery}/evaluations`, { body: evaluation, idempotencyKey: key }),
        );
        whileDown.push(await probe(api, 'auditor', `/api/v1/batteries/${probeBattery}`));
        whileDown.push(await probe(api, 'auditor', '/api/v1/views/lifecycle'));
      }
      await sleep(Math.max(0, downSince + DOWN_MS - Date.now()));
      expect(processes.map((child) => child.exitCode)).toEqual(processes.map(() => null));
    } finally {
      startPostgres();
    }
    for (const answer of whileDown) {
      expectUnavailable(answer, 'unreachable');
      expect(answer.elapsedMs).toBeLessThan(2_000);
    }

    // Nobody restarts anything: the same request, sent again, goes through once the pools reconnect.
    const resumed = await probeUntilAnswered(cluster.liveBaseUrls()[0]!, 'evaluator', `/api/v1/batteries/${probeBattery}/evaluations`, {
      body: evaluation,
      idempotencyKey: key,
    });
    expect(resumed.status).toBe(201);
    acknowledged.push(
      acknowledgementOf('evaluate', probeBattery, resumed, { type: 'BatteryEvaluated', occurredAt: evaluation.occurredAt }),
    );

    const ledger = await load;
    acknowledged.push(...ledger.acknowledged.values());
    expect(processes.map((child) => child.exitCode)).toEqual(processes.map(() => null));
    const audit = await expectConsistent(cluster, store, acknowledged);

    // The projector lived through it (same process), retried its batch, and moved on from its checkpoint.
    const projectorLog = cluster.projector.output();
    expect(projectorLog).toContain('projection batch failed; retrying');
    expect(projectorLog).not.toContain('rebuilding');
    const checkpointsAfter = await database.query<{ name: string; position: string }>(
      'select name, position::text as position from projection_checkpoints order by name',
    );
    for (const [i, before] of checkpointsBefore.rows.entries()) {
      expect(BigInt(checkpointsAfter.rows[i]!.position) >= BigInt(before.position)).toBe(true);
    }
    expect(ledger.unavailableBy.get('unreachable') ?? 0).toBeGreaterThan(0);
    expect(ledger.unexpected).toEqual([]);
    console.info(
      `PostgreSQL down ${DOWN_MS} ms under load (${seconds} s soak): ${ledger.summary(seconds)}; ` +
        `while down: ${whileDown.length} probes answered 503 in ≤ ${Math.round(Math.max(...whileDown.map((a) => a.elapsedMs)))} ms; ` +
        `store: ${audit.events} events, ${audit.acknowledgedChecked} acknowledgements checked, 0 lost`,
    );
  }, 180_000);
});
