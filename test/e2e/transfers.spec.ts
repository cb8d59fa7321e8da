import { aSite } from '#libs/battery-journey';
import type { Jwks } from '#libs/certificates';
import { lifecycleSteps } from './support/lifecycle-steps.js';
import {
  CANADA,
  certifiedAndTransferred,
  importAt,
  POHANG,
  POHANG_ISSUER,
  startTwoInstances,
  type TwoInstances,
} from './support/two-instances.js';

/*
 * Issue 15 end to end: a battery certified in Pohang (A, embedded PGlite) crosses to a Canadian
 * recycler's instance (B, PostgreSQL) with its history, and continues there to recycling.
 */

const started = await startTwoInstances();
const skip = 'skip' in started ? started.skip : undefined;
if (skip) console.warn(`SKIPPED two-instance transfers: ${skip}`);

(skip ? describe.skip : describe)('a battery crosses from Pohang (pglite) to Canada (postgres) with its history', () => {
  const { a, b } = started as TwoInstances;
  afterAll(() => (started as TwoInstances).close());

  test("transfer at A, bundle, import at B, B continues to recycling; A's certificate verifies at B", async () => {
    const { id, certificateId, transfer, bundle } = await certifiedAndTransferred(a);
    expect(transfer).toMatchObject({ batteryId: id, status: 'original' });

    // A: the battery is closed to commands; reads, the bundle and its certificate still work.
    const atA = lifecycleSteps(a);
    const refused = await atA.evaluate(id).expect(409);
    expect(refused.body).toMatchObject({ rule: 'battery-transferred' });
    await atA.transfer(id).expect(409);
    await a.http.post(`/api/v1/certificates/${certificateId}/revocation`).set(a.bearer('certifier')).send({ reason: 'x' }).expect(409);
    await atA.battery(id).expect(200);
    expect((await a.http.get(`/api/v1/certificates/${certificateId}/verify`).expect(200)).body).toMatchObject({ valid: true });
    const views = (path: string) =>
      a.http.get(`/api/v1/views/${path}?minPosition=${transfer.position}`).set(a.bearer('auditor')).expect(200);
    expect((await views('lifecycle')).body.transferredOut).toBe(1);
    expect((await views('circularity')).body.transferredOut).toBe(1);

    // The bundle: the whole history, the certificate, one checkpoint proving every event.
    expect(bundle).toMatchObject({ format: 'cellpath-bundle/1', batteryId: id });
    expect(bundle.events.map((event) => event.type)).toEqual([
      'BatteryRegistered',
      'BatteryReceived',
      'BatteryEvaluated',
      'BatteryDiagnosed',
      'ReuseCertificateIssued',
      'BatteryTransferred',
    ]);
    expect(bundle.inclusion.map((proof) => proof.revision)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(bundle.certificates).toHaveLength(1);
    expect(bundle.certificates[0]).toMatchObject({ certificate: { certificateId }, revocation: null });
    expect(bundle.keys.keys.map((key) => key.kid)).toContain(bundle.checkpoint.keyId);

    // B: import; the battery starts here with the origin's identity and stage.
    const imported = await importAt(b, bundle).expect(201);
    expect(imported.body).toMatchObject({ batteryId: id, revision: 0 });
    await importAt(b, bundle).expect(409);
    const atB = lifecycleSteps(b);
    expect((await atB.battery(id).expect(200)).body).toMatchObject({
      status: 'original',
      stage: 'certified',
      activeCertificate: null,
      revision: 0,
    });
    const history = (await b.http.get(`/api/v1/batteries/${id}/history`).set(b.bearer('auditor')).expect(200)).body;
    expect(history.events[0]).toMatchObject({
      type: 'BatteryImported',
      data: { issuerId: POHANG_ISSUER, originBatteryId: id, lastRevision: 5, lastHash: bundle.events[5]!.hash, toOrganisationId: CANADA },
    });

    // Provenance: A's events as verified, A's certificate verified against the pinned keys.
    const provenance = (await b.http.get(`/api/v1/batteries/${id}/provenance`).set(b.bearer('auditor')).expect(200)).body;
    expect(provenance.events.map((event: { hash: string }) => event.hash)).toEqual(bundle.events.map((event) => event.hash));
    expect(provenance.issuer).toMatchObject({ issuerId: POHANG_ISSUER, organisationId: POHANG });
    expect(provenance.certificates[0]).toMatchObject({ certificate: { certificateId }, verification: { valid: true, status: 'active' } });
    expect((await b.http.get(`/api/v1/batteries/${id}/lineage`).set(b.bearer('auditor')).expect(200)).body.origin).toMatchObject({
      issuerId: POHANG_ISSUER,
      originBatteryId: id,
      lastRevision: 5,
    });

    // The passport travels: B carries on A's passport, and B's second life links back to it.
    const passportAt = async (instance: typeof a) =>
      (await instance.http.get(`/api/v1/batteries/${id}/passport`).set(instance.bearer('auditor')).expect(200)).body as {
        passportId: string;
        predecessorPassportIds: string[];
      };
    const passportAtA = await passportAt(a);
    expect((await passportAt(b)).passportId).toBe(passportAtA.passportId);

    // B continues: receipt, evaluation, diagnosis, its own certificate, second life, recycling.
    const site = aSite();
    await atB.createSite(site).then(({ response }) => expect(response.status).toBe(201));
    await atB.receive(id, site.siteId).expect(201);
    await atB.evaluate(id).expect(201);
    await atB.diagnose(id).expect(201);
    const own = (await atB.certify(id).expect(201)).body.certificateId as string;
    expect(own).not.toBe(certificateId);
    await atB.secondLife(id).expect(201);
    const afterSecondLife = await passportAt(b);
    expect(afterSecondLife.passportId).not.toBe(passportAtA.passportId);
    expect(afterSecondLife.predecessorPassportIds).toEqual([passportAtA.passportId]);
    await atB.handOver(id).expect(201);
    const recycled = await atB.outcome(id).expect(201);
    expect(recycled.body).toMatchObject({ status: 'waste' });
    expect((await b.http.get(`/api/v1/certificates/${own}/verify`).expect(200)).body).toMatchObject({ status: 'revoked' });
    // A's certificate is still A's: B verifies it from the provenance, and A keeps answering for it.
    expect(
      (await b.http.get(`/api/v1/batteries/${id}/provenance`).set(b.bearer('auditor')).expect(200)).body.certificates[0].verification.valid,
    ).toBe(true);
  });

  test('a transfer needs a registered organisation (404), a battery out of its slot (409) and a valid body (400)', async () => {
    const steps = lifecycleSteps(a);
    const { id, site } = await steps.receivedBattery();
    const unknown = await steps.transfer(id, { toOrganisationId: 'nobody-here' }).expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const zone = site.zones[0]!.zone;
    await steps.store(id, site.siteId, zone, 'S-1').expect(201);
    expect((await steps.transfer(id).expect(409)).body).toMatchObject({ rule: 'battery-in-slot' });
    const bad = await steps.transfer(id, { toOrganisationId: 'not an id!' }).expect(400);
    expect(bad.body.errors[0].field).toBe('toOrganisationId');
    await steps.release(id).expect(201);
    await steps.transfer(id).expect(201);
  });

  test('trusted issuers: admin only, listed with their keys, an id pinned once', async () => {
    const keys = (await a.http.get('/api/v1/certificates/keys').expect(200)).body as Jwks;
    await b.http.post('/api/v1/trusted-issuers').set(b.bearer('operator')).send({ issuerId: 'x', name: 'x', keys }).expect(403);
    await b.http.post('/api/v1/trusted-issuers').set(b.bearer('admin')).send({ issuerId: POHANG_ISSUER, name: 'again', keys }).expect(409);
    const bad = await b.http
      .post('/api/v1/trusted-issuers')
      .set(b.bearer('admin'))
      .send({ issuerId: 'y', name: 'y', keys: { keys: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('keys');
    const list = (await b.http.get('/api/v1/trusted-issuers').set(b.bearer('admin')).expect(200)).body;
    expect(list.items).toEqual([expect.objectContaining({ issuerId: POHANG_ISSUER, keys })]);
  });
});
