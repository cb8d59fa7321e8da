import { generateKeyPairSync } from 'node:crypto';
import type { Jwks } from '#libs/certificates';
import { openPostgres } from '#libs/database';
import { hashFromHex, leafData, leafHash, verifyCheckpoint, verifyInclusion } from '#libs/transparency-log';
import { waitFor } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { describeOnStores, startApi, type ApiHarness } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

const verifyPath = (id: string) => `/api/v1/certificates/${id}/verify`;

async function certified(api: ApiHarness) {
  const steps = lifecycleSteps(api);
  const { id } = await steps.certifiableBattery();
  const issued = await steps.certify(id).expect(201);
  return { batteryId: id, certificateId: issued.body.certificateId as string };
}

/** The verify body once the anchor event is in a signed checkpoint (`log` is null until then). */
async function verifiedWithLog(api: ApiHarness, certificateId: string) {
  let body: Record<string, any> = {};
  await waitFor('the anchor in the log', async () => {
    body = (await api.http.get(verifyPath(certificateId)).expect(200)).body;
    return body.log !== null;
  });
  return body;
}

describeOnStores('certificates and bundles carry transparency-log proofs', (api) => {
  test('verify answers log: {checkpoint, inclusion} for the anchor event, checkable with the published keys', async () => {
    const { batteryId, certificateId } = await certified(api());
    const body = await verifiedWithLog(api(), certificateId);
    const jwks = (await api().http.get('/api/v1/certificates/keys').expect(200)).body as Jwks;
    expect(body).toMatchObject({ valid: true, status: 'active' });
    expect(body.problem).toBeUndefined();
    expect(verifyCheckpoint(body.log.checkpoint, jwks)).toMatchObject({ valid: true });
    const anchor = (await api().infrastructure.eventStore.readStream(batteryId))[body.certificate.batteryRevision];
    expect(anchor.hash).toBe(body.certificate.historyHash);
    const { leafIndex, treeSize, auditPath } = body.log.inclusion;
    expect(treeSize).toBe(body.log.checkpoint.treeSize);
    verifyInclusion(
      leafIndex,
      treeSize,
      leafHash(leafData(anchor)),
      auditPath.map((h: string) => hashFromHex(h, 'path')),
      hashFromHex(body.log.checkpoint.rootHash, 'root'),
    );
  });

  test("the history bundle carries a checkpoint and every event's inclusion proof", async () => {
    const { batteryId, certificateId } = await certified(api());
    await verifiedWithLog(api(), certificateId);
    let bundle: Record<string, any> = {};
    await waitFor('every event in the log', async () => {
      bundle = (await api().http.get(`/api/v1/batteries/${batteryId}/history?format=bundle`).set(api().bearer('auditor')).expect(200)).body;
      return bundle.log.inclusion.length === bundle.events.length;
    });
    const root = hashFromHex(bundle.log.checkpoint.rootHash, 'root');
    for (const [i, event] of bundle.events.entries()) {
      const proof = bundle.log.inclusion[i];
      expect(proof.revision).toBe(event.revision);
      const leaf = leafHash(leafData({ streamId: batteryId, revision: event.revision, type: event.type, hash: event.hash }));
      verifyInclusion(
        proof.leafIndex,
        proof.treeSize,
        leaf,
        proof.auditPath.map((h: string) => hashFromHex(h, 'path')),
        root,
      );
    }
  });
});

const probe = await postgresTarget();
if ('stop' in probe) await probe.stop();
const skip = 'skip' in probe ? probe.skip : undefined;
if (skip) console.warn(`SKIPPED certificate history-mismatch over HTTP: ${skip}`);

(skip ? describe.skip : describe)('certificate verification against edited rows [postgres]', () => {
  const env = { CERT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
  let target: Awaited<ReturnType<typeof postgresTarget>>;
  let db: Awaited<ReturnType<typeof openPostgres>>;
  let api: ApiHarness;
  beforeEach(async () => {
    target = await postgresTarget();
    if (!('url' in target)) throw new Error(target.skip);
    db = await openPostgres(target.url);
    api = (await startApi('postgres', env, db)) as ApiHarness;
  });
  afterEach(async () => {
    await api.close();
    await db.close();
    if ('stop' in target) await target.stop();
  });

  /** A fresh process: nothing it serves comes from state cached before the rows were edited. */
  const restart = async () => {
    await api.close();
    api = (await startApi('postgres', env, db)) as ApiHarness;
  };

  test('a revocation deleted from the stream: the certificate does not verify as active again', async () => {
    const { batteryId, certificateId } = await certified(api);
    await api.http
      .post(`/api/v1/certificates/${certificateId}/revocation`)
      .set(api.bearer('certifier'))
      .send({ reason: 'insulation fault' })
      .expect(201);
    await waitFor(
      'the revocation in the log',
      async () =>
        (await api.http.get(`/api/v1/log/proofs/inclusion?streamId=${batteryId}&revision=5`).set(api.bearer('auditor'))).status === 200,
    );
    await db.query(`delete from events where stream_id = $1 and type = 'ReuseCertificateRevoked'`, [batteryId]);
    await restart();
    const { body } = await api.http.get(verifyPath(certificateId)).expect(200);
    expect(body).toMatchObject({ valid: false, status: 'active', problem: 'history-mismatch', revocation: null });
    expect(body.log).not.toBeNull();
  });

  test('the anchor event rewritten with a fresh hash: history-mismatch', async () => {
    const { batteryId, certificateId } = await certified(api);
    await verifiedWithLog(api, certificateId);
    await db.query(`update events set hash = repeat('0', 64) where stream_id = $1 and revision = 3`, [batteryId]);
    await restart();
    const { body } = await api.http.get(verifyPath(certificateId)).expect(200);
    expect(body).toMatchObject({ valid: false, status: 'active', problem: 'history-mismatch' });
  });
});
