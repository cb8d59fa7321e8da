import { batteryPassSource } from '../../libs/passport/test/batterypass-source.js';
import { catenaxSample, sharedSchemas } from '../../libs/passport/test/shared-schemas.js';
import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';
import { seedPassportMix, type PassportMix } from './support/passport-mix.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

/*
 * Issue 14: the manufacturer's passport attached over HTTP (POST …/passport-sources), then every
 * export of the seeded mix validated against the schemas in ../shared/schemas (not our copy).
 */
describeOnStores('passport sources over HTTP', (api) => {
  const steps = () => lifecycleSteps(api());
  const attach = (id: string, body: Record<string, unknown>) => steps().post(`/api/v1/batteries/${id}/passport-sources`, 'operator', body);
  const passport = (id: string, format: string) =>
    api().http.get(`/api/v1/batteries/${id}/passport?format=${format}`).set(api().bearer('auditor'));
  let mix: PassportMix;
  let operatorBpnl: string;

  beforeAll(async () => {
    operatorBpnl = 'BPNL00000007QXYZ';
    const operator = await steps().registerOrganisation({ name: 'GridCell Storage Co.', identifiers: { bpnl: operatorBpnl } });
    const recycler = await steps().registerOrganisation({ name: 'SungEel HiTech', identifiers: { bpnl: 'BPNL0000000SUNGL' } });
    mix = await seedPassportMix(api(), { operatorOrganisationId: operator.id, recyclerOrganisationId: recycler.id });
  }, 180_000);

  const live = () => [mix.original, mix.reused, mix.firstPredecessor, mix.successor, mix.remanufacturedFrom, mix.remanufactured, mix.waste];

  test('given the Catena-X sample and a BatteryPass document attached, every export of the mix validates against the shared schemas', async () => {
    for (const id of live()) {
      const attached = await attach(id, { format: 'catenax-6.1.0', document: catenaxSample() }).expect(201);
      expect(attached.body).toMatchObject({
        batteryId: id,
        format: 'catenax-6.1.0',
        revision: expect.any(Number),
        position: expect.any(String),
      });
      await attach(id, { format: 'batterypass-1.2', document: batteryPassSource() }).expect(201);
      const catenax = await passport(id, 'catenax-6.1.0');
      expect({ id, status: catenax.status, errors: catenax.body.errors }).toEqual({ id, status: 200, errors: undefined });
      expect(sharedSchemas().validate('catenax-6.1.0', catenax.body)).toEqual([]);
      const batterypass = await passport(id, 'batterypass-1.2');
      expect({ id, status: batterypass.status, errors: batterypass.body.errors }).toEqual({ id, status: 200, errors: undefined });
      expect(sharedSchemas().validate('batterypass-1.2', batterypass.body)).toEqual([]);
      const report = await api()
        .http.get(`/api/v1/batteries/${id}/passport/completeness?format=catenax-6.1.0`)
        .set(api().bearer('auditor'));
      expect(report.body).toEqual({ format: 'catenax-6.1.0', complete: true, missing: [] });
    }
  });

  test("given an attached source, the battery's own events override it: passport id, status, predecessor and the operator's BPNL", async () => {
    const { body } = await passport(mix.reused, 'catenax-6.1.0').expect(200);
    const sample = catenaxSample() as { metadata: Record<string, unknown> };
    expect(body.metadata.passportIdentifier).not.toBe(sample.metadata.passportIdentifier);
    expect(body.metadata.economicOperatorId).toBe(operatorBpnl);
    expect(body.sustainability.status).toBe('re-used');
    const cellpath = await passport(mix.reused, 'cellpath').expect(200);
    expect(body.metadata.passportIdentifier).toBe(cellpath.body.passportId);
    expect(cellpath.body.economicOperator).toMatchObject({ role: 'second-life-operator', name: 'GridCell Storage Co.' });
  });

  test('given a document that breaks the schema, then 400 with each dotted path under document, and no event', async () => {
    const { id } = await steps().register();
    const broken = catenaxSample() as { metadata: Record<string, unknown> };
    delete broken.metadata.passportIdentifier;
    const refused = await attach(id, { format: 'catenax-6.1.0', document: broken }).expect(400);
    expect(refused.headers['content-type']).toBe(PROBLEM);
    expect(refused.body.errors).toContainEqual({ field: 'document.metadata.passportIdentifier', message: 'is required and missing' });
    const batterypass = await attach(id, { format: 'batterypass-1.2', document: { Labeling: {} } }).expect(400);
    expect(batterypass.body.errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['document.GeneralProductInformation', 'document.Labeling.labels']),
    );
    await attach(id, { format: 'pdf', document: {} }).expect(400);
    await attach(id, { format: 'catenax-6.1.0', document: 'not an object' }).expect(400);
    expect((await steps().battery(id).expect(200)).body.revision).toBe(0);
  });

  test('given an unknown battery, 404; a recycled one, 409 battery-recycled', async () => {
    await attach('BAT-NEVER-REGISTERED', { format: 'catenax-6.1.0', document: catenaxSample() }).expect(404);
    const refused = await attach(mix.recycled, { format: 'catenax-6.1.0', document: catenaxSample() }).expect(409);
    expect(refused.body.rule).toBe('battery-recycled');
  });

  test('given no operator key, 403', async () => {
    await steps()
      .post(`/api/v1/batteries/${mix.original}/passport-sources`, 'auditor', { format: 'catenax-6.1.0', document: catenaxSample() })
      .expect(403);
  });
});
