import { describeOnStores, type ApiHarness } from './support/api-harness.js';
import { aSite } from '#libs/battery-journey';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/** Asserts a 409 problem naming the rule, and that the battery's revision did not move. */
async function expectRule(
  api: ApiHarness,
  id: string,
  attempt: () => PromiseLike<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }>,
  rule: string,
) {
  const before = await lifecycleSteps(api).battery(id);
  const response = await attempt();
  expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
    status: 409,
    type: 'application/problem+json; charset=utf-8',
  });
  expect(response.body.detail).toContain(rule);
  const after = await lifecycleSteps(api).battery(id);
  expect(after.body.revision).toBe(before.body.revision);
}

describeOnStores('lifecycle rules over HTTP', (api) => {
  const steps = () => lifecycleSteps(api());

  test('an unregistered battery is 404 for every command', async () => {
    const s = steps();
    const responses = await Promise.all([
      s.receive('NOPE-1', 'SITE-X'),
      s.evaluate('NOPE-1'),
      s.store('NOPE-1', 'SITE-X', 'Z', 'S'),
      s.release('NOPE-1'),
      s.diagnose('NOPE-1'),
      s.certify('NOPE-1'),
      s.secondLife('NOPE-1'),
      s.handOver('NOPE-1'),
      s.outcome('NOPE-1'),
    ]);
    expect(responses.map((r) => r.status)).toEqual(Array(9).fill(404));
    await s.battery('NOPE-1').expect(404);
  });

  test('registering an existing battery id is 409', async () => {
    const s = steps();
    const { id, body } = await s.register();
    const again = await s.post('/api/v1/batteries', 'operator', body);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('battery-already-registered');
    expect(id).toBe(body.batteryId);
  });

  test('receipt at an unknown site is 404', async () => {
    const s = steps();
    const { id } = await s.register();
    await s.receive(id, 'SITE-DOES-NOT-EXIST').expect(404);
  });

  test('evaluation, storage and diagnosis need a receipt', async () => {
    const s = steps();
    const { site } = await s.createSite();
    const { id } = await s.register();
    await expectRule(api(), id, () => s.evaluate(id), 'receipt-required');
    await expectRule(api(), id, () => s.diagnose(id), 'receipt-required');
    await expectRule(api(), id, () => s.store(id, site.siteId, 'Z-A', 'A-01'), 'receipt-required');
  });

  test('a slot holds one battery and a battery sits in one slot', async () => {
    const s = steps();
    const first = await s.receivedBattery();
    await s.store(first.id, first.site.siteId, 'Z-A', 'A-01').expect(201);
    await expectRule(api(), first.id, () => s.store(first.id, first.site.siteId, 'Z-A', 'A-02'), 'battery-already-stored');
    const { id: second } = await s.register();
    await s.receive(second, first.site.siteId).expect(201);
    await expectRule(api(), second, () => s.store(second, first.site.siteId, 'Z-A', 'A-01'), 'slot-occupied');
  });

  test('a zone holds at most its capacity', async () => {
    const s = steps();
    const { site } = await s.createSite(aSite({ zones: [{ zone: 'Z-A', kind: 'standard', capacity: 1 }] }));
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { id } = await s.register();
      await s.receive(id, site.siteId).expect(201);
      ids.push(id);
    }
    await s.store(ids[0]!, site.siteId, 'Z-A', 'A-01').expect(201);
    await expectRule(api(), ids[1]!, () => s.store(ids[1]!, site.siteId, 'Z-A', 'A-02'), 'zone-full');
  });

  test('damaged-critical batteries go to isolation zones only', async () => {
    const s = steps();
    const { id, site } = await s.receivedBattery({}, { hazardClass: 'damaged-critical' });
    await expectRule(api(), id, () => s.store(id, site.siteId, 'Z-A', 'A-01'), 'damaged-critical-needs-isolation-zone');
    await s.store(id, site.siteId, 'Z-ISO', 'I-01').expect(201);
  });

  test('storage at an unknown zone is 404', async () => {
    const s = steps();
    const { id, site } = await s.receivedBattery();
    await s.store(id, site.siteId, 'Z-NONE', 'A-01').expect(404);
  });

  test('a battery in a slot cannot go to second life or recycling until released', async () => {
    const s = steps();
    const { id, site } = await s.certifiableBattery();
    await s.certify(id).expect(201);
    await s.store(id, site.siteId, 'Z-A', 'A-01').expect(201);
    await expectRule(api(), id, () => s.secondLife(id), 'battery-in-slot');
    await expectRule(api(), id, () => s.handOver(id), 'battery-in-slot');
    await s.release(id).expect(201);
    await s.secondLife(id).expect(201);
  });

  test('release needs the battery in a slot', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    await expectRule(api(), id, () => s.release(id), 'battery-not-stored');
  });

  test('no fact predates the battery: an occurredAt before its manufacturingDate is 400 on occurredAt, nothing written', async () => {
    const s = steps();
    const { site } = await s.createSite();
    const { id } = await s.register({ manufacturingDate: '2021-03-15' });
    const receipt = await s.receive(id, site.siteId, { occurredAt: '1900-01-01T00:00:00Z' });
    expect({ status: receipt.status, errors: receipt.body.errors }).toEqual({
      status: 400,
      errors: [{ field: 'occurredAt', message: "must not be before the battery's manufacturingDate (2021-03-15)" }],
    });
    expect((await s.battery(id).expect(200)).body.revision).toBe(0);
    await s.receive(id, site.siteId, { occurredAt: '2021-03-15T00:00:00Z' }).expect(201);
    const evaluation = await s.evaluate(id, { occurredAt: '2021-03-14T23:59:59Z' });
    expect(evaluation.status).toBe(400);
    expect(evaluation.body.errors.map((e: { field: string }) => e.field)).toEqual(['occurredAt']);
  });

  test('a diagnosis dated before the latest evaluation is 409 diagnosis-before-evaluation; the certificate evidence is in time order', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    await s.evaluate(id, { occurredAt: '2025-06-10T09:00:00Z' }).expect(201);
    await expectRule(api(), id, () => s.diagnose(id, { occurredAt: '2022-01-01T00:00:00Z' }), 'diagnosis-before-evaluation');
    await s.diagnose(id, { occurredAt: '2025-06-10T09:00:00Z' }).expect(201);
    const issued = await s.certify(id).expect(201);
    const certificate = await api().http.get(`/api/v1/certificates/${issued.body.certificateId}`).set(api().bearer('auditor')).expect(200);
    expect(certificate.body.evidence).toMatchObject({ evaluatedAt: '2025-06-10T09:00:00.000Z', diagnosedAt: '2025-06-10T09:00:00.000Z' });
  });

  test('certification needs an evaluation, a passing diagnosis after it, and grade A or B', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    await expectRule(api(), id, () => s.certify(id), 'certification-needs-evaluation');
    await s.evaluate(id).expect(201);
    await expectRule(api(), id, () => s.certify(id), 'certification-needs-passing-diagnosis');
    await s.diagnose(id, { verdict: 'fail', tests: [{ name: 'insulation', result: 'fail' }] }).expect(201);
    await expectRule(api(), id, () => s.certify(id), 'certification-needs-passing-diagnosis');
    await s.diagnose(id).expect(201);
    await s.evaluate(id).expect(201);
    await expectRule(api(), id, () => s.certify(id), 'certification-needs-passing-diagnosis');

    const graded = await s.receivedBattery();
    const evaluation = await s.evaluate(graded.id, { stateOfHealthPct: 55 }).expect(201);
    expect(evaluation.body.grade).toBe('C');
    await s.diagnose(graded.id).expect(201);
    await expectRule(api(), graded.id, () => s.certify(graded.id), 'certification-needs-grade-a-or-b');
  });

  test('a failed visual inspection grades C whatever the state of health', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    const evaluated = await s.evaluate(id, { stateOfHealthPct: 95, visualInspection: 'fail' }).expect(201);
    expect(evaluated.body.grade).toBe('C');
  });

  test('no second certificate while one is active', async () => {
    const s = steps();
    const { id } = await s.certifiableBattery();
    await s.certify(id).expect(201);
    await expectRule(api(), id, () => s.certify(id), 'active-certificate-exists');
  });

  test('second life needs an active certificate listing that application', async () => {
    const s = steps();
    const { id } = await s.certifiableBattery();
    await expectRule(api(), id, () => s.secondLife(id), 'second-life-needs-certificate-for-application');
    await s.certify(id, { applications: ['ups'] }).expect(201);
    await expectRule(api(), id, () => s.secondLife(id, { application: 'ess' }), 'second-life-needs-certificate-for-application');
    const reused = await s.secondLife(id, { application: 'ups' }).expect(201);
    expect(reused.body.status).toBe('re-used');
    const view = await s.battery(id).expect(200);
    expect(view.body.activeCertificate).not.toBeNull();
  });

  test('repurposing needs a successor that names this battery among its predecessors', async () => {
    const s = steps();
    const { id } = await s.certifiableBattery();
    await s.certify(id).expect(201);
    const missing = await s.secondLife(id, { kind: 'repurposed' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'successorBatteryId' })]));
    const stranger = await s.register();
    await expectRule(
      api(),
      id,
      () => s.secondLife(id, { kind: 'repurposed', successorBatteryId: stranger.id }),
      'successor-must-name-predecessor',
    );
    const successor = await s.register({ predecessorIds: [id], category: 'stationary' });
    const repurposed = await s.secondLife(id, { kind: 'repurposed', successorBatteryId: successor.id }).expect(201);
    expect(repurposed.body.status).toBe('repurposed');
    const view = await s.battery(id).expect(200);
    expect(view.body.successorIds).toEqual([successor.id]);
  });

  test('hand-over for recycling sets waste and revokes the active certificate; the outcome needs a hand-over', async () => {
    const s = steps();
    const { id } = await s.certifiableBattery();
    await s.certify(id).expect(201);
    await expectRule(api(), id, () => s.outcome(id), 'recycling-needs-hand-over');
    const handedOver = await s.handOver(id).expect(201);
    expect(handedOver.body.status).toBe('waste');
    const view = await s.battery(id).expect(200);
    expect(view.body).toMatchObject({ status: 'waste', stage: 'handed-over', hazardClass: 'waste', activeCertificate: null });
    await expectRule(api(), id, () => s.handOver(id), 'battery-handed-over');
    await expectRule(api(), id, () => s.certify(id), 'battery-handed-over');
  });

  test('recovered kg summed cannot exceed the input mass (400) and nothing follows recycling', async () => {
    const s = steps();
    const { id } = await s.receivedBattery();
    await s.handOver(id).expect(201);
    const tooMuch = await s.outcome(id, { inputMassKg: 10, recovered: { lithiumKg: 6, cobaltKg: 5 } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0].field).toBe('recovered');
    await s.outcome(id).expect(201);
    const view = await s.battery(id).expect(200);
    expect(view.body.stage).toBe('recycled');
    await expectRule(api(), id, () => s.outcome(id), 'battery-recycled');
    await expectRule(api(), id, () => s.evaluate(id), 'battery-recycled');
  });

  test('creating an existing site is 409', async () => {
    const s = steps();
    const { site } = await s.createSite();
    const again = await s.post('/api/v1/sites', 'operator', site);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('site-already-exists');
  });
});
