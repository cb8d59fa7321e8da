import type { Jwks } from '#libs/certificates';
import {
  MemoryTree,
  hashFromHex,
  leafData,
  leafHash,
  rootHash,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  type SignedCheckpoint,
} from '#libs/transparency-log';
import { waitFor } from '../support/async.js';
import { describeOnStores } from './support/api-harness.js';
import { aRegistration } from '#libs/battery-journey';

const log = '/api/v1/log';
const PROBLEM = /^application\/problem\+json/;

describeOnStores('store-wide transparency log over HTTP', (api) => {
  const register = async () => {
    const registration = aRegistration();
    await api().http.post('/api/v1/batteries').set(api().bearer('operator')).send(registration).expect(201);
    return registration.batteryId;
  };
  /** The checkpoint once the log holds at least `size` leaves (the sequencer runs in the background). */
  const checkpointOf = async (size: number): Promise<SignedCheckpoint> => {
    let checkpoint: SignedCheckpoint | undefined;
    await waitFor(`a checkpoint of ${size} leaves`, async () => {
      checkpoint = (await api().http.get(`${log}/checkpoint`).expect(200)).body as SignedCheckpoint;
      return checkpoint.treeSize >= size;
    });
    return checkpoint!;
  };
  const hexes = (list: string[]) => list.map((hex) => hashFromHex(hex, 'hash'));

  test('checkpoint (no auth): C2SP text signed by a key of the published JWKS; entries rebuild its root', async () => {
    const first = await register();
    await register();
    const checkpoint = await checkpointOf(2);
    const jwks = (await api().http.get('/api/v1/certificates/keys').expect(200)).body as Jwks;
    expect(checkpoint).toEqual({
      origin: 'cellpath.example',
      treeSize: checkpoint.treeSize,
      rootHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      issuedAt: expect.stringMatching(/Z$/),
      keyId: jwks.keys[0].kid,
      signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
      text: `cellpath.example\n${checkpoint.treeSize}\n${Buffer.from(checkpoint.rootHash, 'hex').toString('base64')}\n`,
    });
    expect(verifyCheckpoint(checkpoint, jwks)).toMatchObject({ valid: true });

    await api().http.get(`${log}/entries`).expect(401);
    const { body } = await api().http.get(`${log}/entries?start=0&limit=1000`).set(api().bearer('auditor')).expect(200);
    expect(body.treeSize).toBeGreaterThanOrEqual(checkpoint.treeSize);
    expect(body.entries[0]).toEqual({
      index: 0,
      streamId: expect.any(String),
      revision: expect.any(Number),
      type: expect.any(String),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(body.entries.some((e: { streamId: string }) => e.streamId === first)).toBe(true);
    const tree = new MemoryTree(body.entries.map((entry: Parameters<typeof leafData>[0]) => leafHash(leafData(entry))));
    expect((await rootHash(checkpoint.treeSize, tree.source)).toString('hex')).toBe(checkpoint.rootHash);
    const page = await api().http.get(`${log}/entries?start=1&limit=1`).set(api().bearer('auditor')).expect(200);
    expect(page.body.entries).toEqual([body.entries[1]]);
    for (const bad of ['limit=1001', 'limit=0', 'start=-1', 'start=x', 'from=1']) {
      const refused = await api().http.get(`${log}/entries?${bad}`).set(api().bearer('auditor')).expect(400);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body.errors[0].field).toBe(bad.split('=')[0]);
    }
  });

  test('inclusion proof (any role) verifies against the checkpoint; 404 unknown, 409 not in a tree that small, 400 beyond the log', async () => {
    await register();
    const id = await register();
    const checkpoint = await checkpointOf(2);
    await waitFor(
      'the battery in a checkpoint',
      async () => (await api().http.get(`${log}/proofs/inclusion?streamId=${id}&revision=0`).set(api().bearer('recycler'))).status === 200,
    );
    const signed = (await api().http.get(`${log}/checkpoint`).expect(200)).body as SignedCheckpoint;
    const { body } = await api()
      .http.get(`${log}/proofs/inclusion?streamId=${id}&revision=0&treeSize=${signed.treeSize}`)
      .set(api().bearer('recycler'))
      .expect(200);
    expect(body).toEqual({ leafIndex: expect.any(Number), treeSize: signed.treeSize, auditPath: expect.any(Array) });
    const [event] = await api().infrastructure.eventStore.readStream(id);
    verifyInclusion(body.leafIndex, body.treeSize, leafHash(leafData(event)), hexes(body.auditPath), hashFromHex(signed.rootHash, 'root'));

    await api().http.get(`${log}/proofs/inclusion?streamId=${id}&revision=0`).expect(401);
    await api().http.get(`${log}/proofs/inclusion?streamId=${id}&revision=1`).set(api().bearer('auditor')).expect(404);
    await api().http.get(`${log}/proofs/inclusion?streamId=NOPE-1&revision=0`).set(api().bearer('auditor')).expect(404);
    expect(body.leafIndex).toBeGreaterThan(0);
    const early = await api()
      .http.get(`${log}/proofs/inclusion?streamId=${id}&revision=0&treeSize=${body.leafIndex}`)
      .set(api().bearer('auditor'))
      .expect(409);
    expect(early.body).toMatchObject({ status: 409, rule: 'not-yet-in-log' });
    const beyond = await api()
      .http.get(`${log}/proofs/inclusion?streamId=${id}&revision=0&treeSize=${signed.treeSize + 1000}`)
      .set(api().bearer('auditor'))
      .expect(400);
    expect(beyond.body.errors[0].field).toBe('treeSize');
    await api().http.get(`${log}/proofs/inclusion?revision=0`).set(api().bearer('auditor')).expect(400);
    await api().http.get(`${log}/proofs/inclusion?streamId=${id}&revision=zero`).set(api().bearer('auditor')).expect(400);
    expect(checkpoint.treeSize).toBeGreaterThan(0);
  });

  test('consistency proof (no auth) between two checkpoints verifies; 400 for from > to, from = 0, to beyond the log', async () => {
    await register();
    const older = await checkpointOf(1);
    await register();
    const newer = await checkpointOf(older.treeSize + 1);
    const { body } = await api().http.get(`${log}/proofs/consistency?from=${older.treeSize}&to=${newer.treeSize}`).expect(200);
    expect(body).toEqual({ from: older.treeSize, to: newer.treeSize, proof: expect.any(Array) });
    verifyConsistency(
      older.treeSize,
      newer.treeSize,
      hexes(body.proof),
      hashFromHex(older.rootHash, 'r1'),
      hashFromHex(newer.rootHash, 'r2'),
    );
    for (const [query, field] of [
      [`from=${newer.treeSize}&to=${older.treeSize}`, 'from'],
      [`from=0&to=${newer.treeSize}`, 'from'],
      [`from=1&to=${newer.treeSize + 1000}`, 'to'],
      ['from=1', 'to'],
    ]) {
      const refused = await api().http.get(`${log}/proofs/consistency?${query}`).expect(400);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body.errors[0].field).toBe(field);
    }
  });

  test('audit (admin, auditor) finds the untouched log consistent; /health reports it', async () => {
    await register();
    await checkpointOf(1);
    await api().http.get(`${log}/audit`).expect(401);
    await api().http.get(`${log}/audit`).set(api().bearer('operator')).expect(403);
    const audit = await api().http.get(`${log}/audit`).set(api().bearer('auditor')).expect(200);
    expect(audit.body).toEqual({ consistent: true, treeSize: expect.any(Number) });
    await api().http.get(`${log}/audit`).set(api().bearer('admin')).expect(200);
    const health = await api().http.get('/health').set(api().bearer('operator')).expect(200);
    expect(health.body.details.transparencyLog).toMatchObject({ status: 'up', audit: { state: 'consistent' } });
  });
});
