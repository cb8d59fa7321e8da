import { batteryStream } from '../../apps/api/src/lifecycle/stream-names.js';
import { tmpdir } from 'node:os';
import { jest } from '@jest/globals';
import request from 'supertest';
import { loadConfig } from '#libs/config';
import { QueryTimeout } from '#libs/database';
import { createApp } from '../../apps/api/src/app.factory.js';
import { IdempotencyJanitor, IdempotencyStore } from '../../apps/api/src/idempotency/index.js';
import { API_KEYS, describeOnStores } from './support/api-harness.js';
import { aSite } from '#libs/battery-journey';
import { lifecycleSteps } from './support/lifecycle-steps.js';

const statuses = (responses: { status: number }[]) =>
  responses.reduce<Record<number, number>>((count, r) => ({ ...count, [r.status]: (count[r.status] ?? 0) + 1 }), {});

describeOnStores('races and retries over HTTP', (api) => {
  const steps = () => lifecycleSteps(api());

  test('20 parallel commands with the same If-Match: exactly one wins, the rest get 412', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.post(
          `/api/v1/batteries/${id}/evaluations`,
          'evaluator',
          { method: 'bms-data', stateOfHealthPct: 70 + i, remainingCapacityAh: 120, visualInspection: 'pass' },
          { 'If-Match': '"1"' },
        ),
      ),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 412: 19 });
    const events = await api().infrastructure.eventStore.readStream(batteryStream(id));
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  test('20 parallel commands without If-Match all land, none lost, revisions contiguous', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => s.evaluate(id, { stateOfHealthPct: 60 + i })));
    expect(statuses(responses)).toEqual({ 201: 20 });
    expect(new Set(responses.map((r) => r.body.revision)).size).toBe(20);
    const events = await api().infrastructure.eventStore.readStream(batteryStream(id));
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 22 }, (_, i) => i));
  });

  test('six batteries racing for the last place in a zone: one wins, five get zone-full', async () => {
    const s = steps();
    const { site } = await s.createSite(aSite({ zones: [{ zone: 'Z-A', kind: 'standard', capacity: 1 }] }));
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { id } = await s.register();
      await s.receive(id, site.siteId).expect(201);
      ids.push(id);
    }
    const responses = await Promise.all(ids.map((id, i) => s.store(id, site.siteId, 'Z-A', `A-0${i}`)));
    expect(statuses(responses)).toEqual({ 201: 1, 409: 5 });
    const view = await api().http.get(`/api/v1/sites/${site.siteId}`).set(api().bearer('auditor')).expect(200);
    expect(view.body.zones[0]).toMatchObject({ capacity: 1, occupied: 1, free: 0 });
  });

  test('batteries racing for one slot: one wins', async () => {
    const s = steps();
    const { site } = await s.createSite();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await s.register();
      await s.receive(id, site.siteId).expect(201);
      ids.push(id);
    }
    const responses = await Promise.all(ids.map((id) => s.store(id, site.siteId, 'Z-A', 'A-01')));
    expect(statuses(responses)).toEqual({ 201: 1, 409: 4 });
    expect(responses.filter((r) => r.status === 409).every((r) => String(r.body.detail).includes('slot-occupied'))).toBe(true);
  });

  test('a retry with the same Idempotency-Key and body replays the first response and writes nothing', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const body = { method: 'hppc', stateOfHealthPct: 77, remainingCapacityAh: 140, visualInspection: 'pass' };
    const first = await s.post(`/api/v1/batteries/${id}/evaluations`, 'evaluator', body, { 'Idempotency-Key': 'rig-3-run-9' }).expect(201);
    const retry = await s.post(`/api/v1/batteries/${id}/evaluations`, 'evaluator', body, { 'Idempotency-Key': 'rig-3-run-9' }).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    const events = await api().infrastructure.eventStore.readStream(batteryStream(id));
    expect(events).toHaveLength(3);
    const otherBody = await s.post(
      `/api/v1/batteries/${id}/evaluations`,
      'evaluator',
      { ...body, stateOfHealthPct: 78 },
      { 'Idempotency-Key': 'rig-3-run-9' },
    );
    expect(otherBody.status).toBe(422);
    expect(otherBody.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const otherHolder = await s.post(`/api/v1/batteries/${id}/evaluations`, 'admin', body, { 'Idempotency-Key': 'rig-3-run-9' });
    expect(otherHolder.status).toBe(201);
    expect(await api().infrastructure.eventStore.readStream(batteryStream(id))).toHaveLength(4);
  });

  test('a rejected command replays its rejection; a higher-precedence error beats 422', async () => {
    const s = steps();
    const { id } = await s.register();
    const body = { method: 'hppc', stateOfHealthPct: 77, remainingCapacityAh: 140, visualInspection: 'pass' };
    const first = await s.post(`/api/v1/batteries/${id}/evaluations`, 'evaluator', body, { 'Idempotency-Key': 'k-409' });
    expect(first.status).toBe(409);
    const again = await s.post(`/api/v1/batteries/${id}/evaluations`, 'evaluator', body, { 'Idempotency-Key': 'k-409' });
    expect({ status: again.status, body: again.body }).toEqual({ status: 409, body: first.body });
    const otherBodyStillRuleBroken = await s.post(
      `/api/v1/batteries/${id}/evaluations`,
      'evaluator',
      { ...body, stateOfHealthPct: 50 },
      { 'Idempotency-Key': 'k-409' },
    );
    expect(otherBodyStillRuleBroken.status).toBe(409);
  });

  test('concurrent retries with one Idempotency-Key execute once', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const body = { method: 'eis', stateOfHealthPct: 81, remainingCapacityAh: 150, visualInspection: 'pass' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => s.post(`/api/v1/batteries/${id}/evaluations`, 'evaluator', body, { 'Idempotency-Key': 'burst-1' })),
    );
    expect(statuses(responses)).toEqual({ 201: 10 });
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(await api().infrastructure.eventStore.readStream(batteryStream(id))).toHaveLength(3);
  });

  test('a certificate stored while its answer was lost (503): the keyed retry answers with that certificate, and only it exists', async () => {
    const s = steps();
    const { id } = await s.certifiableBattery();
    const store = api().infrastructure.eventStore;
    const append = store.appendMany.bind(store);
    const spy = jest.spyOn(store, 'appendMany').mockImplementationOnce(async (writes) => {
      await append(writes);
      throw new QueryTimeout(new Error('Query read timeout'));
    });
    try {
      await s
        .post(`/api/v1/batteries/${id}/certificates`, 'certifier', { applications: ['ess'] }, { 'Idempotency-Key': 'cert-lost-answer' })
        .expect(503);
    } finally {
      spy.mockRestore();
    }
    const retry = await s
      .post(`/api/v1/batteries/${id}/certificates`, 'certifier', { applications: ['ess'] }, { 'Idempotency-Key': 'cert-lost-answer' })
      .expect(201);
    const issued = (await store.readStream(batteryStream(id))).filter((e) => e.type === 'ReuseCertificateIssued');
    expect(issued.map((e) => e.data)).toEqual([
      expect.objectContaining({ certificateId: retry.body.certificateId, validUntil: retry.body.validUntil }),
    ]);
    expect(retry.body.revision).toBe(issued[0]!.revision);
    const verified = await api().http.get(`/api/v1/certificates/${retry.body.certificateId}/verify`).expect(200);
    expect(verified.body.valid).toBe(true);
    // Both attempts named the same certificate (the claim's seed), so the directory lists it once.
    const listed = await api().infrastructure.database.query<{ certificate_id: string }>(
      'select certificate_id from certificate_directory where battery_id = $1',
      [id],
    );
    expect(listed.rows.map((row) => row.certificate_id)).toEqual([retry.body.certificateId]);
  });

  test('a revocation stored while its answer was lost (503): the keyed retry answers with the stored revocation time', async () => {
    const s = steps();
    const { id } = await s.certifiableBattery();
    const issued = await s.post(`/api/v1/batteries/${id}/certificates`, 'certifier', { applications: ['ess'] }).expect(201);
    const store = api().infrastructure.eventStore;
    const append = store.appendMany.bind(store);
    const spy = jest.spyOn(store, 'appendMany').mockImplementationOnce(async (writes) => {
      await append(writes);
      throw new QueryTimeout(new Error('Query read timeout'));
    });
    const revoke = () =>
      s.post(
        `/api/v1/certificates/${issued.body.certificateId}/revocation`,
        'certifier',
        { reason: 'cell imbalance found' },
        { 'Idempotency-Key': 'revoke-lost-answer' },
      );
    try {
      await revoke().expect(503);
    } finally {
      spy.mockRestore();
    }
    // The retry is decided later, on the state before its own stored event: its answer is that event's.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const retry = await revoke().expect(201);
    const revoked = (await store.readStream(batteryStream(id))).filter((e) => e.type === 'ReuseCertificateRevoked');
    expect(revoked).toHaveLength(1);
    expect(retry.body).toMatchObject({
      certificateId: issued.body.certificateId,
      status: 'revoked',
      revokedAt: (revoked[0]!.data as { revokedAt: string }).revokedAt,
    });
    expect(retry.body.revision).toBe(revoked[0]!.revision);
  });

  test('idempotency keys survive a restart of the API: a new app on the same database replays', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const body = { method: 'eis', stateOfHealthPct: 82, remainingCapacityAh: 150, visualInspection: 'pass' };
    const first = await s
      .post(`/api/v1/batteries/${id}/evaluations`, 'evaluator', body, { 'Idempotency-Key': 'before-restart' })
      .expect(201);
    const restarted = await createApp(loadConfig({ API_KEYS, DATA_DIR: tmpdir(), LOG_LEVEL: 'silent' }), api().infrastructure, API_KEYS);
    await restarted.init();
    await restarted.getHttpAdapter().getInstance().ready();
    try {
      const retry = await request(restarted.getHttpServer())
        .post(`/api/v1/batteries/${id}/evaluations`)
        .set(api().bearer('evaluator'))
        .set('Idempotency-Key', 'before-restart')
        .send(body)
        .expect(201);
      expect(retry.text).toBe(first.text);
      expect(await api().infrastructure.eventStore.readStream(batteryStream(id))).toHaveLength(3);
    } finally {
      await restarted.close();
    }
  });

  test('a key reused after its record was purged is a new request: 201 and new events, same body or not', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const { database } = api().infrastructure;
    const expire = async () => {
      await database.query(
        `update idempotency_keys set claimed_at = now() - interval '49 hours' where idempotency_key = 'reused-after-purge'`,
      );
      expect(await api().app.get(IdempotencyJanitor).purge()).toBeGreaterThanOrEqual(1);
    };
    const body = { method: 'hppc', stateOfHealthPct: 83, remainingCapacityAh: 150, visualInspection: 'pass' };
    const send = (sent: typeof body) =>
      s.post(`/api/v1/batteries/${id}/evaluations`, 'evaluator', sent, { 'Idempotency-Key': 'reused-after-purge' });
    const first = await send(body).expect(201);
    await expire();
    const sameBody = await send(body);
    expect(sameBody.status).toBe(201);
    expect(sameBody.body.revision).toBe(first.body.revision + 1);
    await expire();
    const otherBody = await send({ ...body, stateOfHealthPct: 71 });
    expect(otherBody.status).toBe(201);
    expect((await send({ ...body, stateOfHealthPct: 71 })).text).toBe(otherBody.text);
    const events = await api().infrastructure.eventStore.readStream(batteryStream(id));
    expect(events.map((e) => e.type)).toEqual([
      'BatteryRegistered',
      'BatteryReceived',
      'BatteryEvaluated',
      'BatteryEvaluated',
      'BatteryEvaluated',
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
  });

  test('a released claim is taken over at once under the same claim id (same event ids); a purged one starts a new claim', async () => {
    const store = api().app.get(IdempotencyStore);
    const claimed = await store.claim('key-y', 'released', 'h1');
    expect(claimed).toEqual({ kind: 'claimed', claimId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await store.release('key-y', 'released', 'h1');
    const retried = await store.claim('key-y', 'released', 'h1');
    expect(retried).toEqual(claimed);
    await store.complete('key-y', 'released', { status: 201, body: {}, headers: {} });
    await api().infrastructure.database.query(
      `update idempotency_keys set claimed_at = now() - interval '49 hours' where key_holder = 'key-y'`,
    );
    await api().app.get(IdempotencyJanitor).purge();
    const reused = await store.claim('key-y', 'released', 'h1');
    expect(reused.kind).toBe('claimed');
    expect(reused).not.toEqual(claimed);
  });

  test('keys older than the retention are purged; recent ones are kept', async () => {
    const { database } = api().infrastructure;
    await database.query(`insert into idempotency_keys (key_holder, idempotency_key, request_hash, status_code, response_body, claimed_at)
      values ('key-x', 'ancient', 'h', 201, '{}', now() - interval '49 hours'), ('key-x', 'recent', 'h', 201, '{}', now() - interval '25 hours')`);
    const purged = await api().app.get(IdempotencyJanitor).purge();
    expect(purged).toBeGreaterThanOrEqual(1);
    const { rows } = await database.query<{ idempotency_key: string }>(
      `select idempotency_key from idempotency_keys where key_holder = 'key-x'`,
    );
    expect(rows.map((r) => r.idempotency_key)).toEqual(['recent']);
  });
});
