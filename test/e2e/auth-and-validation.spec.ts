import { batteryStream } from '../../apps/api/src/lifecycle/stream-names.js';
import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describeOnStores('auth, validation and error precedence over HTTP', (api) => {
  const steps = () => lifecycleSteps(api());

  test('no key or an unknown key is 401 problem+json, before any body check', async () => {
    const { http } = api();
    const none = await http.post('/api/v1/batteries').set('content-type', 'text/plain').send('not json');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toBe(PROBLEM);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const unknown = await http.get('/api/v1/batteries/X').set('Authorization', 'Bearer nope');
    expect(unknown.status).toBe(401);
    const malformed = await http.get('/api/v1/batteries/X').set('Authorization', 'Basic abc');
    expect(malformed.status).toBe(401);
  });

  test('each command needs its role (admin may do everything); 403 comes before body errors', async () => {
    const { http, bearer } = api();
    const cases: [string, string, Parameters<typeof bearer>[0], number][] = [
      ['post', '/api/v1/batteries', 'evaluator', 403],
      ['post', '/api/v1/batteries', 'auditor', 403],
      ['post', '/api/v1/batteries/B-1/evaluations', 'operator', 403],
      ['post', '/api/v1/batteries/B-1/diagnoses', 'certifier', 403],
      ['post', '/api/v1/batteries/B-1/certificates', 'evaluator', 403],
      ['post', '/api/v1/batteries/B-1/recycling/outcome', 'operator', 403],
      ['post', '/api/v1/batteries/B-1/recycling', 'evaluator', 403],
      ['post', '/api/v1/sites', 'recycler', 403],
    ];
    for (const [, path, role, status] of cases) {
      const response = await http.post(path).set(bearer(role)).set('content-type', 'text/plain').send('x');
      expect({ path, role, status: response.status }).toEqual({ path, role, status });
      expect(response.headers['content-type']).toBe(PROBLEM);
    }
    const asAdmin = await http.post('/api/v1/batteries').set(bearer('admin')).send({});
    expect(asAdmin.status).toBe(400);
    const recyclerHandsOver = await http.post('/api/v1/batteries/B-1/recycling').set(bearer('recycler')).send({ recycler: 'R' });
    expect(recyclerHandsOver.status).toBe(404);
  });

  test('health is open but shows only its status without a key (an unknown key is no key); details with any key; reads need a key; unknown routes are problem+json 404', async () => {
    const { http, bearer } = api();
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    expect((await http.get('/health').set('authorization', 'Bearer not-a-key').expect(200)).body).toEqual({ status: 'ok' });
    const health = await http.get('/health').set(bearer('auditor')).expect(200);
    expect(health.body.info.eventStore.status).toBe('up');
    await http.get('/api/v1/sites/S-1').expect(401);
    const missing = await http.get('/api/v1/nothing-here').set(bearer('auditor'));
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe(PROBLEM);
  });

  test('unknown fields, wrong types, non-finite-looking strings and nested errors are 400 with dotted field paths', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const unknownField = await s.evaluate(id, { colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([{ field: 'colour', message: 'unknown field' }]);
    const stringNumber = await s.evaluate(id, { stateOfHealthPct: '86' });
    expect(stringNumber.status).toBe(400);
    expect(stringNumber.body.errors.map((e: { field: string }) => e.field)).toContain('stateOfHealthPct');
    const outOfRange = await s.evaluate(id, { stateOfHealthPct: 120 });
    expect(outOfRange.body.errors.map((e: { field: string }) => e.field)).toEqual(['stateOfHealthPct']);
    const nested = await s.diagnose(id, {
      tests: [
        { name: 'insulation', result: 'pass' },
        { name: 'smell', result: 'maybe' },
      ],
    });
    expect(nested.status).toBe(400);
    expect(nested.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['tests.1.name', 'tests.1.result']);
    const materials = await s.register({ materials: { lithiumKg: -1, unobtainiumKg: 3 } });
    expect(materials.response.status).toBe(400);
    expect(materials.response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'materials.lithiumKg',
      'materials.unobtainiumKg',
    ]);
    const zeroMass = await s.register({ massKg: 0 });
    expect(zeroMass.response.body.errors).toEqual([expect.objectContaining({ field: 'massKg' })]);
    const view = await s.battery(id).expect(200);
    expect(view.body.revision).toBe(1);
  });

  test('numbers in exponent form obey the same 6-decimal rule as any other: 400 with the field, never 500', async () => {
    const s = steps();
    const { id, site } = await s.receivedBattery();
    const fieldsOf = (response: { status: number; body: { errors?: { field: string }[] } }) => ({
      status: response.status,
      fields: [...new Set((response.body.errors ?? []).map((e) => e.field))],
    });
    expect(fieldsOf((await s.register({ massKg: 1e-7 })).response)).toEqual({ status: 400, fields: ['massKg'] });
    const denormal = (await s.register({ materials: { lithiumKg: 5e-324 } })).response;
    expect(fieldsOf(denormal)).toEqual({ status: 400, fields: ['materials.lithiumKg'] });
    expect(denormal.body.errors[0].message).toBe('lithiumKg must have at most 6 decimal places');
    expect(fieldsOf(await s.receive(id, site.siteId, { stateOfChargePct: 1e-8 }))).toEqual({ status: 400, fields: ['stateOfChargePct'] });
    const capacity = await s.createSite({ siteId: 'SITE-TINY', name: 'tiny', zones: [{ zone: 'Z-A', kind: 'standard', capacity: 1e-7 }] });
    expect(fieldsOf(capacity.response)).toEqual({ status: 400, fields: ['zones.0.capacity'] });
    expect(fieldsOf(await s.diagnose(id, { tests: [{ name: 'dcir', result: 'pass', value: -3e-8, unit: 'mΩ' }] }))).toEqual({
      status: 400,
      fields: ['tests.0.value'],
    });
    // Accepted before: "1.5e-9" has one digit after the point, but the number has ten decimals.
    expect(fieldsOf(await s.evaluate(id, { stateOfHealthPct: 1.5e-9 }))).toEqual({ status: 400, fields: ['stateOfHealthPct'] });
    expect((await s.battery(id).expect(200)).body.revision).toBe(1);
    // Exponent forms within the rule are numbers like any other.
    const exponent = await api()
      .http.post(`/api/v1/batteries/${id}/evaluations`)
      .set(api().bearer('evaluator'))
      .set('content-type', 'application/json')
      .send(
        '{"method":"bms-data","stateOfHealthPct":8.64e1,"remainingCapacityAh":1.555E2,"remainingEnergyKWh":1e-6,"visualInspection":"pass"}',
      );
    expect(exponent.status).toBe(201);
    expect((await s.battery(id).expect(200)).body.latestEvaluation).toMatchObject({
      stateOfHealthPct: 86.4,
      remainingCapacityAh: 155.5,
      remainingEnergyKWh: 0.000001,
    });
  });

  test('a future occurredAt, a bad date and a bad id are 400 and write nothing', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const future = await s.evaluate(id, { occurredAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.errors[0]).toEqual({ field: 'occurredAt', message: 'occurredAt must not be in the future' });
    const notADate = await s.evaluate(id, { occurredAt: 'yesterday' });
    expect(notADate.status).toBe(400);
    const badId = await s.register({ batteryId: 'has space' });
    expect(badId.response.body.errors[0].field).toBe('batteryId');
    const tooLong = await s.register({ batteryId: 'x'.repeat(101) });
    expect(tooLong.response.status).toBe(400);
    const badPath = await s.evaluate('bad%20id');
    expect(badPath.status).toBe(400);
    const past = await s.evaluate(id, { occurredAt: '2026-01-02T03:04:05Z' }).expect(201);
    expect(past.body.revision).toBe(2);
    const view = await s.battery(id).expect(200);
    expect(view.body.latestEvaluation.occurredAt).toBe('2026-01-02T03:04:05.000Z');
  });

  test('bad JSON and non-object bodies are 400, non-JSON is 415, over 1 MiB is 413', async () => {
    const { http, bearer } = api();
    const badJson = await http
      .post('/api/v1/batteries')
      .set(bearer('operator'))
      .set('content-type', 'application/json')
      .send('{"batteryId": ');
    expect(badJson.status).toBe(400);
    expect(badJson.headers['content-type']).toBe(PROBLEM);
    const array = await http.post('/api/v1/batteries').set(bearer('operator')).send([1, 2]);
    expect(array.status).toBe(400);
    const text = await http.post('/api/v1/batteries').set(bearer('operator')).set('content-type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(text.headers['content-type']).toBe(PROBLEM);
    const huge = await http
      .post('/api/v1/batteries')
      .set(bearer('operator'))
      .send({ batteryId: 'B', notes: 'x'.repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toBe(PROBLEM);
    const proto = await http
      .post('/api/v1/batteries')
      .set(bearer('operator'))
      .set('content-type', 'application/json')
      .send('{"__proto__": {"admin": true}}');
    expect(proto.status).toBe(400);
  });

  test('precedence: a body error only the domain finds (a cross-field rule) is 400 before 404', async () => {
    const s = steps();
    const diagnosis = await s.post('/api/v1/batteries/NOPE-3/diagnoses', 'evaluator', {
      tests: [{ name: 'capacity', result: 'fail' }],
      verdict: 'pass',
    });
    expect({ status: diagnosis.status, fields: diagnosis.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      fields: ['verdict'],
    });
    const outcome = await s.post('/api/v1/batteries/NOPE-3/recycling/outcome', 'recycler', {
      process: 'mechanical',
      inputMassKg: 10,
      recovered: { lithiumKg: 6, cobaltKg: 5 },
    });
    expect({ status: outcome.status, fields: outcome.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      fields: ['recovered'],
    });
    const secondLife = await s.post('/api/v1/batteries/NOPE-3/second-life', 'operator', {
      kind: 'repurposed',
      application: 'ess',
      operatorName: 'GridCell',
    });
    expect({ status: secondLife.status, fields: secondLife.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      fields: ['successorBatteryId'],
    });
  });

  test('precedence: 404 (unknown battery) before 412 (If-Match) before 409 (rule)', async () => {
    const s = steps();
    const unknown = await s.post(
      '/api/v1/batteries/NOPE-2/evaluations',
      'evaluator',
      { method: 'bms-data', stateOfHealthPct: 80, remainingCapacityAh: 1, visualInspection: 'pass' },
      { 'If-Match': '"5"' },
    );
    expect(unknown.status).toBe(404);
    const { id } = await s.register();
    const stale = await s.post(
      `/api/v1/batteries/${id}/evaluations`,
      'evaluator',
      { method: 'bms-data', stateOfHealthPct: 80, remainingCapacityAh: 1, visualInspection: 'pass' },
      { 'If-Match': '"5"' },
    );
    expect(stale.status).toBe(412);
    const rule = await s.post(
      `/api/v1/batteries/${id}/evaluations`,
      'evaluator',
      { method: 'bms-data', stateOfHealthPct: 80, remainingCapacityAh: 1, visualInspection: 'pass' },
      { 'If-Match': '"0"' },
    );
    expect(rule.status).toBe(409);
    const badIfMatch = await s.post(
      `/api/v1/batteries/${id}/evaluations`,
      'evaluator',
      { method: 'bms-data', stateOfHealthPct: 80, remainingCapacityAh: 1, visualInspection: 'pass' },
      { 'If-Match': 'five' },
    );
    expect(badIfMatch.status).toBe(400);
  });

  test('every event records the actor (key id and roles, never the secret) and the request id as correlation', async () => {
    const s = steps();
    const { id } = await s.register();
    const events = await api().infrastructure.eventStore.readStream(batteryStream(id));
    const registered = events[0]!;
    expect(registered.metadata.actor).toEqual({ keyId: expect.stringMatching(/^key-/), roles: ['operator'] });
    expect(JSON.stringify(events)).not.toContain('test-operator-secret');
    const { site } = await s.createSite();
    await api()
      .http.post(`/api/v1/batteries/${id}/receipts`)
      .set(api().bearer('operator'))
      .set('X-Request-Id', 'rig-7:batch-42')
      .send({ siteId: site.siteId, source: 'oem', hazardClass: 'intact' })
      .expect(201);
    const [, received] = await api().infrastructure.eventStore.readStream(batteryStream(id));
    expect(received!.metadata).toMatchObject({ correlationId: 'rig-7:batch-42', causationId: 'rig-7:batch-42' });
  });

  test('text PostgreSQL cannot store (U+0000, unpaired surrogates) and over-long path ids are 400, not 5xx', async () => {
    const s = steps();
    const { id } = await s.register();
    const { site } = await s.createSite();
    const nul = await api()
      .http.post(`/api/v1/batteries/${id}/receipts`)
      .set(api().bearer('operator'))
      .set('content-type', 'application/json')
      .send(`{"siteId":"${site.siteId}","source":"oem","hazardClass":"intact","notes":"a\\u0000b"}`);
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ field: 'notes', message: expect.stringContaining('U+0000') }]);
    const surrogate = await api()
      .http.post(`/api/v1/batteries/${id}/receipts`)
      .set(api().bearer('operator'))
      .set('content-type', 'application/json')
      .send(`{"siteId":"${site.siteId}","source":"oem","hazardClass":"intact","notes":"x\\ud800y"}`);
    expect(surrogate.status).toBe(400);
    const hangul = await s.receive(id, site.siteId, { notes: '울산 센터 🔋' });
    expect(hangul.status).toBe(201);
    const longId = await s.battery('B'.repeat(101));
    expect(longId.status).toBe(400);
    const hugeId = await s.battery('B'.repeat(1001));
    expect({ status: hugeId.status, type: hugeId.headers['content-type'] }).toEqual({ status: 414, type: PROBLEM });
    const brokenEncoding = await api().http.get('/api/v1/batteries/%E0%A4%A').set(api().bearer('auditor'));
    expect({ status: brokenEncoding.status, type: brokenEncoding.headers['content-type'] }).toEqual({ status: 400, type: PROBLEM });
  });
});
