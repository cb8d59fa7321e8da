import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SigningKeyRing, type CertificateDocument } from '../src/index.js';
import { sampleCertificate, temporaryDataDir, withOtherPadBits } from './certificate-fixtures.js';
import { buildCliScripts, REPO_ROOT, runNode } from './cli-build.js';

const CLI = 'dist/apps/cli/src/main.js';

describe('offline verifier CLI (spawned, compiled)', () => {
  const dir = temporaryDataDir();
  const file = (name: string, json: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof json === 'string' || Buffer.isBuffer(json) ? json : JSON.stringify(json, null, 2));
    return path;
  };
  let ring: SigningKeyRing;
  let certificate: CertificateDocument;
  let certPath: string;
  let jwksPath: string;
  const verify = (...args: string[]) => runNode(CLI, ['verify', 'certificate', ...args]);

  beforeAll(async () => {
    buildCliScripts();
    ring = await SigningKeyRing.load({ dataDir: dir });
    certificate = sampleCertificate();
    const signature = ring.sign(certificate);
    certPath = file('cert.json', { valid: true, status: 'active', certificate, signature, revocation: null });
    jwksPath = file('keys.json', await ring.jwks());
    // The CLI's build takes in the apps its other commands start (tsc follows their lazy imports).
  }, 300_000);

  it('exits 0 for a valid certificate, through the npm script too', () => {
    const direct = verify(certPath, '--jwks', jwksPath, '--at', '2026-01-01T00:00:00Z');
    expect(direct.stdout).toContain(`VALID certificate ${certificate.certificateId}`);
    expect(direct.status).toBe(0);

    const viaNpm = spawnSync(
      'npm',
      ['run', '--silent', 'verify-certificate', '--', certPath, '--jwks', jwksPath, '--at', '2026-01-01T00:00:00Z'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(viaNpm.stdout).toContain('VALID');
    expect(viaNpm.status).toBe(0);
  });

  it('exits 1 and says why when one field was changed', () => {
    const signature = ring.sign(certificate);
    const tampered = file('tampered.json', {
      certificate: { ...certificate, evidence: { ...certificate.evidence, grade: 'B' } },
      signature,
    });
    const result = verify(tampered, '--jwks', jwksPath, '--at', '2026-01-01T00:00:00Z');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/INVALID[\s\S]*signature does not match/);
  });

  it('exits 1 against a key set without the signing key', async () => {
    const stranger = await SigningKeyRing.load({ dataDir: temporaryDataDir() });
    const result = verify(certPath, '--jwks', file('stranger.json', await stranger.jwks()), '--at', '2026-01-01T00:00:00Z');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('no public key');
  });

  it('exits 1 when the response says revoked, or when expired at --at', () => {
    const revocation = { reason: 'handed over for recycling', revokedAt: '2025-12-01T00:00:00.000Z' };
    const revoked = file('revoked.json', { certificate, signature: ring.sign(certificate), revocation });
    expect(verify(revoked, '--jwks', jwksPath, '--at', '2026-01-01T00:00:00Z')).toMatchObject({
      status: 1,
      stdout: expect.stringContaining('handed over for recycling'),
    });
    expect(verify(certPath, '--jwks', jwksPath, '--at', '2027-03-05T09:30:00Z')).toMatchObject({
      status: 1,
      stdout: expect.stringContaining('expired'),
    });
  });

  it.each([
    ['no arguments', []],
    ['no --jwks', ['CERT']],
    ['an unknown option', ['CERT', '--jwks', 'KEYS', '--frobnicate']],
    ['a bad --at', ['CERT', '--jwks', 'KEYS', '--at', 'tomorrow']],
    ['a missing file', ['/nonexistent/cert.json', '--jwks', 'KEYS']],
    ['a file that is not JSON', ['NOT_JSON', '--jwks', 'KEYS']],
    ['a key file that is not a JWKS', ['CERT', '--jwks', 'CERT']],
  ])('exits 2 on %s', (_case, args) => {
    const notJson = file('not-json.txt', 'certificate? what certificate');
    const substituted = args.map((arg) => ({ CERT: certPath, KEYS: jwksPath, NOT_JSON: notJson })[arg] ?? arg);
    const result = verify(...substituted);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).not.toBe('');
  });

  describe('refuses input a person and a program could read two ways: exit 2, the reason on stderr', () => {
    const at = ['--at', '2026-01-01T00:00:00Z'];
    const response = () => ({ valid: true, status: 'active', certificate, signature: ring.sign(certificate), revocation: null });

    it.each([
      [
        'a certificate naming batteryId twice (a reader sees the first, JSON.parse keeps the last)',
        () => JSON.stringify(response()).replace('"certificate":{', '"certificate":{"batteryId":"KR-SOMETHING-ELSE",'),
        /duplicate key "batteryId" at certificate\.batteryId/,
      ],
      [
        'a revokedAt that is not an instant',
        () => ({ ...response(), status: 'revoked', revocation: { reason: 'fault', revokedAt: 'yesterday' } }),
        /revocation\.revokedAt/,
      ],
      [
        'a revocation without a reason',
        () => ({ ...response(), status: 'revoked', revocation: { reason: ' ', revokedAt: '2025-12-01T00:00:00.000Z' } }),
        /revocation\.reason/,
      ],
      ['status revoked with no revocation', () => ({ ...response(), status: 'revoked' }), /"status" is revoked but "revocation" is null/],
      [
        'a validUntil that is not an instant (signed so: it would never expire)',
        () => {
          const forever = { ...certificate, validUntil: 'forever' };
          return { ...response(), certificate: forever, signature: ring.sign(forever) };
        },
        /certificate\.validUntil/,
      ],
      [
        'a padded signature value',
        () => ({ ...response(), signature: { ...response().signature, value: `${response().signature.value}==` } }),
        /canonical base64url/,
      ],
      [
        'a signature value with other pad bits',
        () => ({ ...response(), signature: { ...response().signature, value: withOtherPadBits(response().signature.value) } }),
        /canonical base64url/,
      ],
      [
        'a signature value with a foreign character',
        () => ({
          ...response(),
          signature: {
            ...response().signature,
            value: `${response().signature.value.slice(0, 40)}.${response().signature.value.slice(40)}`,
          },
        }),
        /canonical base64url/,
      ],
    ])('%s', (_case, build, reason) => {
      const result = verify(file('suspicious.json', build()), '--jwks', jwksPath, ...at);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(reason);
      expect(result.status).toBe(2);
    });

    it('a key file naming a member twice, or bytes that are not UTF-8', async () => {
      const doubled = JSON.stringify(await ring.jwks()).replace('"kty":"OKP"', '"kty":"RSA","kty":"OKP"');
      expect(verify(certPath, '--jwks', file('doubled-keys.json', doubled), ...at)).toMatchObject({
        status: 2,
        stderr: expect.stringMatching(/duplicate key "kty" at keys\.0\.kty/),
      });
      const latin1 = Buffer.from(JSON.stringify(response()).replace('"certificate":{', '"certificate":{"note":"caf\u00e9",'), 'latin1');
      expect(verify(file('latin1.json', latin1), '--jwks', jwksPath, ...at)).toMatchObject({
        status: 2,
        stderr: expect.stringContaining('not UTF-8'),
      });
    });
  });

  it('keeps verifying a certificate signed before `keys rotate --yes`', async () => {
    const dataDir = temporaryDataDir();
    const before = await SigningKeyRing.load({ dataDir });
    const old = sampleCertificate({ certificateId: 'CERT-BEFORE-ROTATION' });
    const oldCert = file('old.json', { certificate: old, signature: before.sign(old) });

    const rotation = runNode(CLI, ['keys', 'rotate', '--yes'], { DATA_DIR: dataDir });
    expect(rotation.stderr).toBe('');
    expect(rotation.status).toBe(0);
    expect(rotation.stdout).toContain(`retired ${before.keyId}`);

    const after = await SigningKeyRing.load({ dataDir });
    expect(after.keyId).not.toBe(before.keyId);
    const afterJwks = file('rotated-keys.json', await after.jwks());
    expect(verify(oldCert, '--jwks', afterJwks, '--at', '2026-01-01T00:00:00Z').status).toBe(0);
  });
});
