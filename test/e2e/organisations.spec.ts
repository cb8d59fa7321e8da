import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describeOnStores('organisations (economic operators) over HTTP', (api) => {
  const steps = () => lifecycleSteps(api());

  describe('POST /api/v1/organisations', () => {
    test('given an admin and a valid body, then 201 and GET answers it to any role', async () => {
      const { response, id, body } = await steps().registerOrganisation();
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ organisationId: id, revision: 0 });
      const read = await api().http.get(`/api/v1/organisations/${id}`).set(api().bearer('auditor')).expect(200);
      expect(read.body).toEqual(body);
    });

    test('given an id already registered, then 409 organisation-already-exists', async () => {
      const { id } = await steps().registerOrganisation();
      const again = await steps().registerOrganisation({ organisationId: id, name: 'Someone else' });
      expect(again.response.status).toBe(409);
      expect(again.response.body.rule).toBe('organisation-already-exists');
    });

    test('given a non-admin key, then 403', async () => {
      const { path, body } = { path: '/api/v1/organisations', body: { organisationId: 'ORG-X', name: 'X', country: 'KR' } };
      await steps().post(path, 'operator', body).expect(403);
    });

    test.each([
      ['country', { country: 'XX' }],
      ['country', { country: 'kr' }],
      ['identifiers.bpnl', { identifiers: { bpnl: 'BPNL123' } }],
      // The sample LEI with its last check digit changed.
      ['identifiers.lei', { identifiers: { lei: '5493001KJTIIGC8Y1R13' } }],
      ['identifiers.lei', { identifiers: { lei: '5493001kjtiigc8y1r12' } }],
      ['identifiers.krBusinessNumber', { identifiers: { krBusinessNumber: '1248100999' } }],
      ['identifiers.krBusinessNumber', { identifiers: { krBusinessNumber: '124-81-00998' } }],
      ['name', { name: '   ' }],
      ['organisationId', { organisationId: 'has space' }],
      ['address.postalCode', { address: { postalCode: ' ' } }],
    ])('given a bad %s, then 400 naming it and nothing is registered', async (field, override) => {
      const { response, id } = await steps().registerOrganisation(override);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe(PROBLEM);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      if (field !== 'organisationId') await api().http.get(`/api/v1/organisations/${id}`).set(api().bearer('auditor')).expect(404);
    });

    test('given identifiers whose checks hold, then they are stored as sent', async () => {
      const identifiers = { bpnl: 'BPNL000000000001', lei: '529900T8BM49AURSDO55', krBusinessNumber: '2208162517', other: 'DUNS 1' };
      const { response, id } = await steps().registerOrganisation({ identifiers, country: 'DE' });
      expect(response.status).toBe(201);
      const read = await api().http.get(`/api/v1/organisations/${id}`).set(api().bearer('recycler')).expect(200);
      expect(read.body).toMatchObject({ identifiers, country: 'DE' });
    });
  });

  describe('GET /api/v1/organisations/{id}', () => {
    test('given an unknown id, then 404 problem', async () => {
      const response = await api().http.get('/api/v1/organisations/ORG-NOBODY').set(api().bearer('auditor')).expect(404);
      expect(response.headers['content-type']).toBe(PROBLEM);
    });

    test('given no key, then 401', async () => {
      await api().http.get('/api/v1/organisations/ORG-NOBODY').expect(401);
    });
  });

  describe('commands naming an organisation', () => {
    const unknown = 'ORG-NOT-REGISTERED';
    const revisionOf = async (id: string) => (await steps().battery(id).expect(200)).body.revision as number;
    const expectUnknownOrganisation = (response: { status: number; body: { type?: string } }) => {
      expect(response.status).toBe(404);
      expect(response.body.type).toMatch(/not-found\/organisation$/);
    };

    test('given a registration naming an unknown manufacturer organisation, then 404 and no battery', async () => {
      const { response, id } = await steps().register({ manufacturerOrganisationId: unknown });
      expectUnknownOrganisation(response);
      await steps().battery(id).expect(404);
    });

    test('given a second life naming an unknown operator organisation, then 404 and no event', async () => {
      const { id } = await steps().certifiableBattery();
      await steps().certify(id).expect(201);
      const before = await revisionOf(id);
      expectUnknownOrganisation(await steps().secondLife(id, { operatorOrganisationId: unknown }));
      expect(await revisionOf(id)).toBe(before);
    });

    test('given a hand-over naming an unknown recycler organisation, then 404 and no event', async () => {
      const { id } = await steps().register();
      const before = await revisionOf(id);
      expectUnknownOrganisation(await steps().handOver(id, { recyclerOrganisationId: unknown }));
      expect(await revisionOf(id)).toBe(before);
    });

    test('given registered organisations, then each command records its id beside the free-text name', async () => {
      const manufacturer = (await steps().registerOrganisation()).id;
      const operator = (await steps().registerOrganisation({ name: 'GridCell Storage Co.' })).id;
      const recycler = (await steps().registerOrganisation({ name: 'SungEel HiTech' })).id;
      const { id } = await steps().certifiableBattery();
      const registered = await steps().register({ manufacturerOrganisationId: manufacturer });
      expect(registered.response.status).toBe(201);
      await steps().certify(id).expect(201);
      await steps().secondLife(id, { operatorOrganisationId: operator }).expect(201);
      await steps().handOver(id, { recyclerOrganisationId: recycler }).expect(201);
      const history = async (batteryId: string) =>
        (await api().http.get(`/api/v1/batteries/${batteryId}/history`).set(api().bearer('auditor')).expect(200)).body;
      const dataOf = (entries: { type: string; data: Record<string, unknown> }[], type: string) =>
        entries.find((entry) => entry.type === type)?.data;
      const own = await history(id);
      const events = (own.events ?? own) as { type: string; data: Record<string, unknown> }[];
      expect(dataOf(events, 'BatteryReused')).toMatchObject({ operatorName: 'GridCell', operatorOrganisationId: operator });
      expect(dataOf(events, 'BatteryHandedOverForRecycling')).toMatchObject({
        recycler: 'SungEel HiTech',
        recyclerOrganisationId: recycler,
      });
      const other = await history(registered.id);
      expect(dataOf((other.events ?? other) as never, 'BatteryRegistered')).toMatchObject({ manufacturerOrganisationId: manufacturer });
    });
  });
});
