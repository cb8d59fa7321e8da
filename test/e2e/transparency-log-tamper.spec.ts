import { generateKeyPairSync } from 'node:crypto';
import { openPostgres } from '#libs/database';
import { waitFor } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { startApi, type ApiHarness } from './support/api-harness.js';
import { aRegistration } from '#libs/battery-journey';

const probe = await postgresTarget();
if ('stop' in probe) await probe.stop();
const skip = 'skip' in probe ? probe.skip : undefined;
if (skip) console.warn(`SKIPPED transparency log start-up audit over HTTP: ${skip}`);

(skip ? describe.skip : describe)('transparency log start-up audit over HTTP [postgres]', () => {
  test('a stream deleted while the API was down: the next start-up audit fails, /health is 503 and the audit endpoint says where', async () => {
    const target = await postgresTarget();
    if (!('url' in target)) throw new Error(target.skip);
    const db = await openPostgres(target.url);
    let second: ApiHarness | undefined;
    // Both processes sign with one key, as a deployment of several API processes must (CERT_SIGNING_KEY).
    const env = { CERT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
    try {
      const first = (await startApi('postgres', env, db)) as ApiHarness;
      const kept = aRegistration();
      const deleted = aRegistration();
      for (const battery of [kept, deleted])
        await first.http.post('/api/v1/batteries').set(first.bearer('operator')).send(battery).expect(201);
      await waitFor('both registrations in a checkpoint', async () => (await first.http.get('/api/v1/log/checkpoint')).body.treeSize === 2);
      await first.close();

      await db.query('delete from events where stream_id = $1', [deleted.batteryId]);
      second = (await startApi('postgres', env, db)) as ApiHarness;
      const started = second;
      await waitFor('the start-up audit', () => started.infrastructure.transparencyLog.auditStatus.state === 'failed', 30_000);
      // Without a key a load balancer sees only that it is down; a key holder sees why.
      expect((await started.http.get('/health').expect(503)).body.details).toBeUndefined();
      const health = await started.http.get('/health').set(started.bearer('operator')).expect(503);
      expect(health.body.details.transparencyLog).toMatchObject({
        status: 'down',
        audit: { state: 'failed', result: { consistent: false } },
      });
      const audit = await started.http.get('/api/v1/log/audit').set(started.bearer('auditor')).expect(200);
      expect(audit.body).toEqual({ consistent: false, firstBadIndex: 1, detail: expect.stringContaining(deleted.batteryId) });
    } finally {
      await second?.close();
      await db.close();
      await target.stop();
    }
  });
});
