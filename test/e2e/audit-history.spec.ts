import { computeEventHash } from '#libs/event-store';
import { describeOnStores, type ApiHarness } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/** A battery with three events by two roles; the receipt happened two days before it was recorded. */
async function aBatteryWithThreeEvents(api: ApiHarness) {
  const steps = lifecycleSteps(api);
  const { site } = await steps.createSite();
  const { id: batteryId } = await steps.register();
  const receivedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  await steps
    .receive(batteryId, site.siteId, { source: 'scrapyard', stateOfChargePct: 41.5, notes: '울산 센터, pallet 7', occurredAt: receivedAt })
    .expect(201);
  await steps.evaluate(batteryId, { method: 'bms-data', stateOfHealthPct: 72.25, remainingCapacityAh: 130 }).expect(201);
  return { batteryId, site, receivedAt };
}

describeOnStores('battery history over HTTP', (api) => {
  test('lists every event oldest first with who, when, what and its links in the hash chain', async () => {
    const { http, bearer } = api();
    const { batteryId, site, receivedAt } = await aBatteryWithThreeEvents(api());
    const { body } = await http.get(`/api/v1/batteries/${batteryId}/history`).set(bearer('auditor')).expect(200);

    expect(body).toMatchObject({ batteryId, nextFromRevision: null });
    expect(body.events.map((e: { revision: number; type: string }) => [e.revision, e.type])).toEqual([
      [0, 'BatteryRegistered'],
      [1, 'BatteryReceived'],
      [2, 'BatteryEvaluated'],
    ]);
    const [registered, received, evaluated] = body.events;
    expect(Object.keys(registered).sort()).toEqual([
      'actor',
      'data',
      'hash',
      'occurredAt',
      'previousHash',
      'recordedAt',
      'revision',
      'schemaVersion',
      'streamId',
      'type',
    ]);
    expect(body.events.map((e: { schemaVersion: number }) => e.schemaVersion)).toEqual([1, 1, 1]);
    expect(body.events.map((e: { streamId: string }) => e.streamId)).toEqual([batteryId, batteryId, batteryId]);
    expect(registered.actor).toEqual({ keyId: expect.stringMatching(/^key-/), roles: ['operator'] });
    expect(evaluated.actor.roles).toEqual(['evaluator']);
    expect(received.data).toEqual({
      siteId: site.siteId,
      source: 'scrapyard',
      hazardClass: 'intact',
      stateOfChargePct: 41.5,
      notes: '울산 센터, pallet 7',
    });
    expect(received.occurredAt).toBe(receivedAt);
    expect(Date.parse(received.recordedAt)).toBeGreaterThan(Date.parse(receivedAt) + 86_400_000);
    expect(evaluated.data).toMatchObject({ grade: 'B', stateOfHealthPct: 72.25 });

    expect(registered.previousHash).toBeNull();
    expect(received.previousHash).toBe(registered.hash);
    expect(evaluated.previousHash).toBe(received.hash);
    for (const event of body.events) {
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(computeEventHash({ ...event, metadata: { occurredAt: event.occurredAt, actor: event.actor } })).toBe(event.hash);
    }
  });

  test('pages by fromRevision and limit, pointing at the next page until the last', async () => {
    const { http, bearer } = api();
    const { batteryId } = await aBatteryWithThreeEvents(api());
    const history = (query: string) => http.get(`/api/v1/batteries/${batteryId}/history?${query}`).set(bearer('auditor')).expect(200);
    const revisions = (body: { events: { revision: number }[] }) => body.events.map((e) => e.revision);

    const first = (await history('limit=2')).body;
    expect([revisions(first), first.nextFromRevision]).toEqual([[0, 1], 2]);
    const second = (await history(`fromRevision=${first.nextFromRevision}&limit=2`)).body;
    expect([revisions(second), second.nextFromRevision]).toEqual([[2], null]);
    const exact = (await history('fromRevision=1&limit=2')).body;
    expect([revisions(exact), exact.nextFromRevision]).toEqual([[1, 2], null]);
    const beyond = (await history('fromRevision=50&limit=1000')).body;
    expect(beyond).toEqual({ batteryId, events: [], nextFromRevision: null });
    expect(second.events[0]).toEqual((await history('')).body.events[2]);
  });

  test.each([
    ['fromRevision=-1', 'fromRevision'],
    ['fromRevision=1.5', 'fromRevision'],
    ['fromRevision=abc', 'fromRevision'],
    ['fromRevision=', 'fromRevision'],
    ['fromRevision=1&fromRevision=2', 'fromRevision'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=1e2', 'limit'],
    ['format=csv', 'format'],
    ['format=bundle&limit=5', 'limit'],
  ])('rejects ?%s as 400 naming %s', async (query, field) => {
    const { http, bearer } = api();
    const { body, headers } = await http.get(`/api/v1/batteries/BAT-unknown/history?${query}`).set(bearer('auditor')).expect(400);
    expect(headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body.errors).toEqual([expect.objectContaining({ field })]);
  });

  test('exports the whole record as one bundle that carries its recipe and its verification', async () => {
    const { http, bearer } = api();
    const { batteryId } = await aBatteryWithThreeEvents(api());
    const before = Date.now();
    const response = await http.get(`/api/v1/batteries/${batteryId}/history?format=bundle`).set(bearer('auditor')).expect(200);
    const history = await http.get(`/api/v1/batteries/${batteryId}/history`).set(bearer('auditor')).expect(200);

    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${batteryId}.history.json"`);
    expect(response.body).toEqual({
      format: 'cellpath-history-bundle/1',
      batteryId,
      exportedAt: expect.any(String),
      hashRecipe: expect.stringContaining('JCS({streamId, revision, type, occurredAt, recordedAt, actor, data})'),
      events: history.body.events,
      verification: { valid: true, eventCount: 3 },
      // Checkpoint and inclusion proofs: test/e2e/certificate-log.spec.ts.
      log: { checkpoint: expect.objectContaining({ treeSize: expect.any(Number) }), inclusion: expect.any(Array) },
    });
    expect(Date.parse(response.body.exportedAt)).toBeGreaterThanOrEqual(before - 1);
  });

  test('unknown batteries are 404 and malformed ids 400 on every audit read', async () => {
    const { http, bearer } = api();
    for (const path of ['history', 'history?format=bundle', 'history/verify', 'lineage']) {
      const missing = await http.get(`/api/v1/batteries/BAT-never-registered/${path}`).set(bearer('auditor')).expect(404);
      expect(missing.body).toMatchObject({ status: 404, type: expect.stringMatching(/not-found\/battery$/) });
      const malformed = await http.get(`/api/v1/batteries/bad%20id/${path}`).set(bearer('auditor')).expect(400);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    }
  });

  test('the OpenAPI spec lists the audit routes with their query parameters', async () => {
    const { body } = await api().http.get('/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/batteries/{id}/history', '/api/v1/batteries/{id}/history/verify', '/api/v1/batteries/{id}/lineage']),
    );
    const parameters = body.paths['/api/v1/batteries/{id}/history'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(expect.arrayContaining(['id', 'fromRevision', 'limit', 'format']));
  });

  test('every role reads, the auditor included; without a valid key it is 401', async () => {
    const { http, bearer } = api();
    const { batteryId } = await aBatteryWithThreeEvents(api());
    const paths = ['history', 'history?format=bundle', 'history/verify', 'lineage'].map((p) => `/api/v1/batteries/${batteryId}/${p}`);
    for (const path of paths) {
      for (const role of ['auditor', 'recycler', 'certifier', 'admin'] as const) await http.get(path).set(bearer(role)).expect(200);
      await http.get(path).expect(401);
      await http.get(path).set({ Authorization: 'Bearer not-a-key' }).expect(401);
    }
  });
});
