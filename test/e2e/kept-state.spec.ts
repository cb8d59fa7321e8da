import { startApi, type ApiHarness } from './support/api-harness.js';
import { describeOnStores } from './support/api-harness.js';
import { aRegistration, aSite } from '#libs/battery-journey';

/**
 * Each API process keeps the battery and site states its commands last saw. Another process
 * writing meanwhile makes them stale: a command must then neither lose that write nor be
 * refused on the stale state (412 or a rule's 409 that the latest state would not give).
 */
describeOnStores('commands on state another API process has moved on', (api) => {
  let other: ApiHarness;

  beforeAll(async () => {
    const started = await startApi(api().kind, { CELLPATH_RUN_PROJECTIONS: 'false' }, api().infrastructure.database);
    if ('skip' in started) throw new Error(started.skip);
    other = started;
  });
  afterAll(async () => other?.close());

  test('a stale kept state is decided again on the latest: no lost write, no wrong 412 or 409, the chain intact', async () => {
    const { http, bearer } = api();
    const site = aSite({ zones: [{ zone: 'Z-A', kind: 'standard', capacity: 1 }] });
    await http.post('/api/v1/sites').set(bearer('operator')).send(site).expect(201);
    const { batteryId } = aRegistration();
    const on = (step: string) => `/api/v1/batteries/${batteryId}/${step}`;
    await http.post('/api/v1/batteries').set(bearer('operator')).send(aRegistration({ batteryId })).expect(201);
    await http
      .post(on('receipts'))
      .set(bearer('operator'))
      .send({ siteId: site.siteId, source: 'dealer', hazardClass: 'intact', stateOfChargePct: 45 })
      .expect(201);
    const evaluation = { method: 'bms-data', stateOfHealthPct: 82, remainingCapacityAh: 150, visualInspection: 'pass' };
    await http.post(on('evaluations')).set(bearer('evaluator')).send(evaluation).expect(201);

    // The other process stores the battery: this one still keeps it at revision 2, unstored, and the zone empty.
    await other.http
      .post(on('storage'))
      .set(other.bearer('operator'))
      .send({ siteId: site.siteId, zone: 'Z-A', slot: 'A-1', stateOfChargePct: 40 })
      .expect(201);

    // If-Match names the latest revision (3): not a 412 from the kept revision 2.
    const released = await http
      .post(on('storage/release'))
      .set(bearer('operator'))
      .set('If-Match', '"3"')
      .send({ reason: 'diagnosis' })
      .expect(201);
    expect(released.body.revision).toBe(4);
    // Release needs the battery stored, which only the latest state shows; the site was written by the other process too.
    const occupied = await other.http
      .post(on('storage'))
      .set(other.bearer('operator'))
      .send({ siteId: site.siteId, zone: 'Z-A', slot: 'A-1', stateOfChargePct: 40 })
      .expect(201);
    expect(occupied.body.revision).toBe(5);
    // The zone (capacity 1) is full in the latest site state only: this process refuses a second battery.
    const second = aRegistration();
    await http.post('/api/v1/batteries').set(bearer('operator')).send(second).expect(201);
    await http
      .post(`/api/v1/batteries/${second.batteryId}/receipts`)
      .set(bearer('operator'))
      .send({ siteId: site.siteId, source: 'dealer', hazardClass: 'intact', stateOfChargePct: 45 })
      .expect(201);
    await http.post(`/api/v1/batteries/${second.batteryId}/evaluations`).set(bearer('evaluator')).send(evaluation).expect(201);
    const full = await http
      .post(`/api/v1/batteries/${second.batteryId}/storage`)
      .set(bearer('operator'))
      .send({ siteId: site.siteId, zone: 'Z-A', slot: 'A-2', stateOfChargePct: 40 })
      .expect(409);
    expect(full.body.detail).toMatch(/zone-full/);
    // A stale If-Match is still a 412, against the latest revision.
    const stale = await http.post(on('evaluations')).set(bearer('evaluator')).set('If-Match', '"3"').send(evaluation).expect(412);
    expect(stale.body.currentRevision).toBe(5);

    const history = await other.http
      .get(`${on('history')}`)
      .set(other.bearer('auditor'))
      .expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'BatteryRegistered',
      'BatteryReceived',
      'BatteryEvaluated',
      'BatteryStored',
      'BatteryReleasedFromStorage',
      'BatteryStored',
    ]);
    const verified = await http.get(on('history/verify')).set(bearer('auditor')).expect(200);
    expect(verified.body).toMatchObject({ valid: true });
  });
});
