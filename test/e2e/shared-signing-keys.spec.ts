import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CLI, MAIN, runToExit, startApiProcess, type ApiProcess } from '../support/api-process.js';
import { postgresTarget, type Target } from '../support/targets.js';
import { API_KEYS, SECRETS } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

const target: Target = process.env.DATABASE_URL ? await postgresTarget() : { skip: 'PostgreSQL: DATABASE_URL unset' };
const skip = 'skip' in target ? target.skip : undefined;
if (skip) console.warn(`SKIPPED two API processes on one PostgreSQL share the signing keys: ${skip}`);

/** Drives a battery to a signed certificate on `api`; returns the certificate id. */
async function certificateFrom(api: ApiProcess): Promise<string> {
  const steps = lifecycleSteps({ http: request(api.baseUrl), bearer: (role) => ({ Authorization: `Bearer ${SECRETS[role]}` }) });
  const { id } = await steps.certifiableBattery();
  const issued = await steps.certify(id).expect(201);
  return issued.body.certificateId as string;
}

const json = async (api: ApiProcess, path: string) => (await fetch(api.baseUrl + path)).json() as Promise<Record<string, unknown>>;

async function expectValidEverywhere(apis: ApiProcess[], certificateIds: string[]): Promise<void> {
  for (const certificateId of certificateIds) {
    for (const api of apis) {
      const { valid } = await json(api, `/api/v1/certificates/${certificateId}/verify`);
      expect({ certificateId, on: api.baseUrl, valid }).toEqual({ certificateId, on: api.baseUrl, valid: true });
    }
  }
}

(skip ? describe.skip : describe)('two API processes on one PostgreSQL with their own DATA_DIRs', () => {
  const root = mkdtempSync(join(tmpdir(), 'cellpath-keys-'));
  const apis: ApiProcess[] = [];
  const env = (name: string) => ({ API_KEYS, DATABASE_URL: (target as { url: string }).url, DATA_DIR: join(root, name) });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.kill('SIGTERM')));
    if ('stop' in target) await target.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('a process whose key the database does not publish refuses to start; with CERT_SIGNING_KEY it joins; both verify every certificate, also after keys:rotate while they run', async () => {
    const first = await startApiProcess(env('first'));
    apis.push(first);

    const stranger = await runToExit(MAIN, [], { ...env('second'), PORT: '0', CELLPATH_HOST: '127.0.0.1' });
    expect(stranger.status).toBe(1);
    expect(stranger.stderr.trim().split('\n')).toHaveLength(1);
    expect(stranger.stderr).toMatch(
      /^cellpath: failed to start: the signing key in \S+ \S+ is not in the database's key set \(\S+\), so certificates it signed would not verify/,
    );

    const certSigningKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const second = await startApiProcess({ ...env('second'), CERT_SIGNING_KEY: certSigningKey });
    apis.push(second);

    const keys = await Promise.all(apis.map((api) => json(api, '/api/v1/certificates/keys')));
    expect(keys[0]).toEqual(keys[1]);
    expect((keys[0]!.keys as unknown[]).length).toBe(2);

    const certificates = await Promise.all(apis.map(certificateFrom));
    await expectValidEverywhere(apis, certificates);

    // keys:rotate while both run: the rotating DATA_DIR's next start signs with the new key.
    const rotation = await runToExit(CLI, ['keys', 'rotate', '--yes'], env('first'));
    expect({ status: rotation.status, stderr: rotation.stderr }).toEqual({ status: 0, stderr: '' });
    const newKeyId = /new certificate signing key (\S+);/.exec(rotation.stdout)![1];
    for (const api of apis) {
      const { keys: published } = (await json(api, '/api/v1/certificates/keys')) as { keys: Array<{ kid: string }> };
      expect(published.map((key) => key.kid)).toContain(newKeyId);
    }
    await apis[0]!.kill('SIGTERM');
    apis[0] = await startApiProcess(env('first'));
    const afterRotation = await certificateFrom(apis[0]);
    expect(((await json(apis[1]!, `/api/v1/certificates/${afterRotation}/verify`)).signature as { keyId: string }).keyId).toBe(newKeyId);
    await expectValidEverywhere(apis, [...certificates, afterRotation]);
  }, 180_000);
});
