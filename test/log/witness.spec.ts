/**
 * The outsiders' tools, compiled and spawned against a real API process: the witness (cron),
 * verify-bundle and verify-certificate with the log's proofs. Needs `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { parseJwks, publicJwkOf } from '#libs/certificates';
import { verifyCheckpoint, type SignedCheckpoint } from '#libs/transparency-log';
import { CLI, runToExit, startApiProcess, type ApiProcess } from '../support/api-process.js';
import { waitFor } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { KEYS, httpClient } from './http-client.js';

/** `cellpath <command…> <args…>`, compiled. */
const cellpath = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'cellpath-witness-'));
const file = (name: string, json: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
};

describe('witness and offline verifiers against a running API (compiled, spawned)', () => {
  let api: ApiProcess;
  let stopDatabase: () => Promise<void> = async () => undefined;
  let client: ReturnType<typeof httpClient>;
  const env: Record<string, string> = { API_KEYS: KEYS, DATA_DIR: mkdtempSync(join(tmpdir(), 'cellpath-witness-data-')) };
  const treeSize = async () => (await client.get('/api/v1/log/checkpoint', false)).treeSize as number;

  beforeAll(async () => {
    // PostgreSQL when there is one (faster to start here), else the embedded store.
    const target = await postgresTarget();
    if ('url' in target) {
      env.DATABASE_URL = target.url;
      stopDatabase = target.stop;
    }
    api = await startApiProcess(env, 90_000);
    client = httpClient(api.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await api?.kill('SIGTERM');
    await stopDatabase();
  });

  test('the witness keeps consistent checkpoints (exit 0) and refuses a kept root the log does not extend or an unpinned key (exit 1)', async () => {
    const state = join(dir, 'witness.json');
    const witness = (...extra: string[]) => cellpath('witness', '--url', api.baseUrl, '--state', state, ...extra);
    await client.register();
    await waitFor('one leaf', async () => (await treeSize()) >= 1);
    const first = witness();
    expect(first.stdout).toMatch(/^OK first checkpoint kept: \d+ leaves/);
    expect(first.status).toBe(0);
    const size = (JSON.parse(readFileSync(state, 'utf8')).checkpoints as { treeSize: number }[]).at(-1)!.treeSize;
    await client.register();
    await waitFor('one more leaf', async () => (await treeSize()) > size);
    const second = witness();
    expect(second.stdout).toMatch(new RegExp(`^OK ${size} -> \\d+ leaves consistent`));
    expect(second.status).toBe(0);
    expect(JSON.parse(readFileSync(state, 'utf8')).checkpoints).toHaveLength(2);

    // A witness that kept another root for that size (the log was rewritten since): inconsistent.
    const kept = JSON.parse(readFileSync(state, 'utf8'));
    kept.checkpoints.at(-1).rootHash = 'ab'.repeat(32);
    writeFileSync(state, JSON.stringify(kept));
    await client.register();
    await waitFor('a larger tree', async () => (await treeSize()) > kept.checkpoints.at(-1).treeSize);
    const forked = witness();
    expect(forked.stdout).toMatch(/^FAIL the log of \d+ leaves does not extend the kept one/);
    expect(forked.status).toBe(1);
    expect(JSON.parse(readFileSync(state, 'utf8')).checkpoints).toHaveLength(2);

    const stranger = file('stranger.json', { keys: [publicJwkOf(generateKeyPairSync('ed25519').privateKey)] });
    const unpinned = cellpath('witness', '--url', api.baseUrl, '--state', join(dir, 'fresh.json'), '--jwks', stranger);
    expect(unpinned.stdout).toMatch(/^FAIL checkpoint signature: no public key/);
    expect(unpinned.status).toBe(1);
    expect(cellpath('witness', '--url', api.baseUrl).status).toBe(2);
  }, 120_000);

  test('verify-bundle and verify-certificate check the inclusion proofs and the checkpoint signature', async () => {
    const { batteryId, certificateId } = await client.certified();
    const keys = file('keys.json', await client.get('/api/v1/certificates/keys', false));
    let verified: any;
    await waitFor('the anchor in the log', async () => {
      verified = await client.get(`/api/v1/certificates/${certificateId}/verify`, false);
      return verified.log !== null;
    });
    const certificate = cellpath('verify', 'certificate', file('cert.json', verified), '--jwks', keys);
    expect(certificate.stdout).toMatch(/VALID certificate[\s\S]*log: anchor is leaf \d+ of the signed tree/);
    expect(certificate.status).toBe(0);
    const badPath = structuredClone(verified);
    badPath.log.inclusion.auditPath[0] = 'cd'.repeat(32);
    const refused = cellpath('verify', 'certificate', file('cert-bad.json', badPath), '--jwks', keys);
    expect(refused.stdout).toMatch(/INVALID[\s\S]*log: inclusion of/);
    expect(refused.status).toBe(1);

    let bundle: any;
    await waitFor('all five events in a checkpoint', async () => {
      bundle = await client.get(`/api/v1/batteries/${batteryId}/history?format=bundle`);
      return bundle.log.inclusion.length === 5;
    });
    const valid = cellpath('verify', 'bundle', file('bundle.json', bundle), '--jwks', keys);
    expect(valid.stdout).toMatch(/^VALID bundle of .*: 5 events chained, 5 proven/);
    expect(valid.status).toBe(0);
    const otherCheckpoint = structuredClone(bundle);
    otherCheckpoint.log.checkpoint.signature = otherCheckpoint.log.checkpoint.signature.replace(/^./, (c: string) =>
      c === 'A' ? 'B' : 'A',
    );
    const badSignature = cellpath('verify', 'bundle', file('bundle-sig.json', otherCheckpoint), '--jwks', keys);
    expect(badSignature.stdout).toMatch(/INVALID[\s\S]*checkpoint: signature does not match/);
    expect(badSignature.status).toBe(1);
    const badProof = structuredClone(bundle);
    badProof.log.inclusion[2].leafIndex += 1;
    const refusedBundle = cellpath('verify', 'bundle', file('bundle-proof.json', badProof), '--jwks', keys);
    expect(refusedBundle.stdout).toMatch(new RegExp(`INVALID[\\s\\S]*inclusion of ${batteryId}@2`));
    expect(refusedBundle.status).toBe(1);
  }, 120_000);

  test('after a key rotation the witness refuses the new key until --jwks pins it; the checkpoints kept under the retired key stay verifiable', async () => {
    const state = join(dir, 'rotation.json');
    const witness = (...extra: string[]) => cellpath('witness', '--url', api.baseUrl, '--state', state, ...extra);
    await client.register();
    expect(witness().status).toBe(0);
    const before = (JSON.parse(readFileSync(state, 'utf8')).checkpoints as SignedCheckpoint[]).at(-1)!;

    // keys:rotate as the operator runs it: stop, rotate, start (the embedded store refuses a rotation while the API runs).
    await api.kill('SIGTERM');
    const rotation = await runToExit(CLI, ['keys', 'rotate', '--yes'], env);
    expect(rotation.status).toBe(0);
    api = await startApiProcess(env, 90_000);
    client = httpClient(api.baseUrl);
    await client.register();
    await waitFor('a checkpoint under the new key', async () => {
      const checkpoint = await client.get('/api/v1/log/checkpoint', false);
      return checkpoint.keyId !== before.keyId && checkpoint.treeSize > before.treeSize;
    });

    const refused = witness();
    expect(refused.stdout).toMatch(/^FAIL checkpoint signature: no public key with kid/);
    expect(refused.status).toBe(1);
    const published = await client.get('/api/v1/certificates/keys', false);
    expect(verifyCheckpoint(before, parseJwks(published))).toMatchObject({ valid: true });
    const pinned = witness('--jwks', file('rotated-keys.json', published));
    expect(pinned.stdout).toMatch(new RegExp(`^OK ${before.treeSize} -> \\d+ leaves consistent.*; pinned keys added \\S+`));
    expect(pinned.status).toBe(0);
    const kept = JSON.parse(readFileSync(state, 'utf8')) as { jwks: { keys: { kid: string }[] }; checkpoints: SignedCheckpoint[] };
    expect(kept.jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([before.keyId, kept.checkpoints.at(-1)!.keyId]));
    for (const checkpoint of kept.checkpoints) expect(verifyCheckpoint(checkpoint, parseJwks(kept.jwks))).toMatchObject({ valid: true });
  }, 240_000);
});
