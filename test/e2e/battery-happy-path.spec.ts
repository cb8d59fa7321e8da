import type { RecordedEvent } from '#libs/event-store';
import { waitFor } from '../support/async.js';
import { describeOnStores } from './support/api-harness.js';
import { aRegistration, aSite } from '#libs/battery-journey';

describeOnStores('battery happy path over HTTP', (api) => {
  test('a pack goes from registration through evaluation, storage, diagnosis, certification and second life', async () => {
    const { http, bearer, infrastructure } = api();
    const site = aSite();
    await http.post('/api/v1/sites').set(bearer('operator')).send(site).expect(201);

    const registration = aRegistration();
    const id = registration.batteryId;
    const registered = await http.post('/api/v1/batteries').set(bearer('operator')).send(registration).expect(201);
    expect(registered.body).toMatchObject({ batteryId: id, status: 'original', revision: 0 });
    expect(registered.headers.etag).toBe('"0"');
    expect(typeof registered.body.position).toBe('string');

    await http
      .post(`/api/v1/batteries/${id}/receipts`)
      .set(bearer('operator'))
      .send({ siteId: site.siteId, source: 'dealer', hazardClass: 'intact', stateOfChargePct: 45 })
      .expect(201);
    const evaluated = await http
      .post(`/api/v1/batteries/${id}/evaluations`)
      .set(bearer('evaluator'))
      .send({
        method: 'full-capacity-test',
        stateOfHealthPct: 86.4,
        remainingCapacityAh: 155.5,
        remainingEnergyKWh: 55.3,
        visualInspection: 'pass',
        insulationResistanceMOhm: 550,
      })
      .expect(201);
    expect(evaluated.body).toMatchObject({ batteryId: id, grade: 'A', revision: 2 });

    const stored = await http
      .post(`/api/v1/batteries/${id}/storage`)
      .set(bearer('operator'))
      .send({ siteId: site.siteId, zone: 'Z-A', slot: 'A-01', stateOfChargePct: 40 })
      .expect(201);
    // Storage writes the battery and the site stream; `position` is the command's last event, so nothing follows it.
    // readAll shows events once no older transaction is running anywhere on the server: wait for that.
    let written: RecordedEvent[] = [];
    await waitFor('the storage command to be visible in the log', async () => {
      written = await infrastructure.eventStore.readAll({ fromPosition: registered.body.position });
      return written.some((event) => event.type === 'SiteSlotOccupied');
    });
    expect(written.map((event) => event.type).slice(-2)).toEqual(['BatteryStored', 'SiteSlotOccupied']);
    expect(written.at(-1)!.position).toBe(stored.body.position);
    const siteView = await http.get(`/api/v1/sites/${site.siteId}`).set(bearer('auditor')).expect(200);
    expect(siteView.body.zones[0]).toMatchObject({ zone: 'Z-A', occupied: 1, free: 1, slots: [{ slot: 'A-01', batteryId: id }] });

    await http.post(`/api/v1/batteries/${id}/storage/release`).set(bearer('operator')).send({ reason: 'diagnosis' }).expect(201);
    await http
      .post(`/api/v1/batteries/${id}/diagnoses`)
      .set(bearer('evaluator'))
      .send({
        tests: [
          { name: 'insulation', result: 'pass', value: 550, unit: 'MΩ' },
          { name: 'dcir', result: 'pass' },
        ],
        verdict: 'pass',
        standard: 'UL 1974',
      })
      .expect(201);
    const certified = await http
      .post(`/api/v1/batteries/${id}/certificates`)
      .set(bearer('certifier'))
      .send({ applications: ['ess', 'ups'] })
      .expect(201);
    expect(certified.body.verifyUrl).toBe(`https://cellpath.example/api/v1/certificates/${certified.body.certificateId}/verify`);

    const reused = await http
      .post(`/api/v1/batteries/${id}/second-life`)
      .set(bearer('operator'))
      .send({ kind: 're-used', application: 'ess', operatorName: 'GridCell Storage Co.' })
      .expect(201);
    expect(reused.body).toMatchObject({ batteryId: id, status: 're-used', revision: 7 });

    const view = await http.get(`/api/v1/batteries/${id}`).set(bearer('auditor')).expect(200);
    expect(view.headers.etag).toBe('"7"');
    expect(view.body).toMatchObject({
      batteryId: id,
      status: 're-used',
      stage: 'second-life',
      hazardClass: 'intact',
      location: null,
      latestEvaluation: { grade: 'A', stateOfHealthPct: 86.4 },
      latestDiagnosis: { verdict: 'pass' },
      activeCertificate: { certificateId: certified.body.certificateId, applications: ['ess', 'ups'] },
      revision: 7,
    });
  });
});
