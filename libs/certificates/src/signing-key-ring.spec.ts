import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyCertificateSignature } from './certificate-signature.js';
import { KEY_DIRECTORY, LEDGER_FILE, PRIVATE_KEY_FILE, rotateCertificateSigningKey, SigningKeyRing } from './signing-key-ring.js';
import { sampleCertificate, temporaryDataDir } from '../test/certificate-fixtures.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const pkcs8Pem = (type: 'ed25519' | 'ec' = 'ed25519') =>
  (type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')).privateKey
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();

describe('SigningKeyRing in DATA_DIR', () => {
  it('creates the key on first load, owner-only (dir 0700, files 0600), and reuses it', async () => {
    const dataDir = temporaryDataDir();
    const ring = await SigningKeyRing.load({ dataDir });
    const directory = join(dataDir, KEY_DIRECTORY);
    expect(mode(directory)).toBe(0o700);
    expect(mode(join(directory, PRIVATE_KEY_FILE))).toBe(0o600);
    expect(mode(join(directory, LEDGER_FILE))).toBe(0o600);
    expect(readFileSync(join(directory, PRIVATE_KEY_FILE), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const again = await SigningKeyRing.load({ dataDir });
    expect(again.keyId).toBe(ring.keyId);
    expect(await again.jwks()).toEqual(await ring.jwks());
  });

  it('publishes only public members, with kid, use and alg', async () => {
    const ring = await SigningKeyRing.load({ dataDir: temporaryDataDir() });
    const [key] = (await ring.jwks()).keys;
    expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: ring.keyId, use: 'sig', alg: 'EdDSA' });
  });

  it('agrees on one key when several processes start at once', async () => {
    const dataDir = temporaryDataDir();
    const rings = await Promise.all(Array.from({ length: 6 }, () => SigningKeyRing.load({ dataDir })));
    expect(new Set(rings.map((ring) => ring.keyId)).size).toBe(1);
  });

  it('rotates: new certificates use the new key, old ones still verify against the JWKS, also after a restart', async () => {
    const dataDir = temporaryDataDir();
    const ring = await SigningKeyRing.load({ dataDir });
    const oldCertificate = sampleCertificate({ certificateId: 'CERT-OLD' });
    const oldSignature = ring.sign(oldCertificate);

    const { keyId, retiredKeyId } = await ring.rotate();
    expect(retiredKeyId).toBe(oldSignature.keyId);
    expect(ring.keyId).toBe(keyId);
    expect(keyId).not.toBe(retiredKeyId);
    expect((await ring.jwks()).keys.map((key) => key.kid)).toEqual([keyId, retiredKeyId]);
    expect(mode(join(dataDir, KEY_DIRECTORY, PRIVATE_KEY_FILE))).toBe(0o600);

    const newCertificate = sampleCertificate({ certificateId: 'CERT-NEW' });
    const newSignature = ring.sign(newCertificate);
    expect(newSignature.keyId).toBe(keyId);

    const restarted = await SigningKeyRing.load({ dataDir });
    expect(restarted.keyId).toBe(keyId);
    const published = JSON.parse(JSON.stringify(await restarted.jwks()));
    expect(JSON.stringify(published)).not.toMatch(/"d"/);
    expect(verifyCertificateSignature(oldCertificate, oldSignature, published).valid).toBe(true);
    expect(verifyCertificateSignature(newCertificate, newSignature, published).valid).toBe(true);
  });

  it('recovers from a rotation cut short before the new key file landed', async () => {
    const dataDir = temporaryDataDir();
    const keyFile = join(dataDir, KEY_DIRECTORY, PRIVATE_KEY_FILE);
    const ring = await SigningKeyRing.load({ dataDir });
    const oldPem = readFileSync(keyFile, 'utf8');
    const { keyId: unusedKeyId, retiredKeyId: oldKeyId } = await ring.rotate();
    writeFileSync(keyFile, oldPem);

    const restarted = await SigningKeyRing.load({ dataDir });
    expect(restarted.keyId).toBe(oldKeyId);
    expect((await restarted.jwks()).keys.map((key) => key.kid)).toEqual([oldKeyId, unusedKeyId]);
  });

  it('offers rotation as a one-shot call for the CLI', async () => {
    const dataDir = temporaryDataDir();
    const before = (await SigningKeyRing.load({ dataDir })).keyId;
    const rotation = await rotateCertificateSigningKey({ dataDir });
    expect(rotation.retiredKeyId).toBe(before);
    expect((await SigningKeyRing.load({ dataDir })).keyId).toBe(rotation.keyId);
  });
});

describe('SigningKeyRing from CERT_SIGNING_KEY', () => {
  it('accepts PEM content, one-line PEM with \\n escapes, and a path to a PEM file', async () => {
    const pem = pkcs8Pem();
    const dataDir = temporaryDataDir();
    const path = join(dataDir, 'mounted-secret.pem');
    writeFileSync(path, pem, { mode: 0o600 });

    const fromContent = await SigningKeyRing.load({ dataDir, certSigningKey: pem });
    const fromEscaped = await SigningKeyRing.load({ dataDir, certSigningKey: pem.trimEnd().replace(/\n/g, '\\n') });
    const fromPath = await SigningKeyRing.load({ dataDir, certSigningKey: path });
    expect(fromEscaped.keyId).toBe(fromContent.keyId);
    expect(fromPath.keyId).toBe(fromContent.keyId);
  });

  it('keeps the previous key published when the configured key is replaced', async () => {
    const dataDir = temporaryDataDir();
    const first = await SigningKeyRing.load({ dataDir, certSigningKey: pkcs8Pem() });
    const certificate = sampleCertificate();
    const signature = first.sign(certificate);

    const second = await SigningKeyRing.load({ dataDir, certSigningKey: pkcs8Pem() });
    expect((await second.jwks()).keys.map((key) => key.kid)).toEqual([second.keyId, first.keyId]);
    expect(verifyCertificateSignature(certificate, signature, await second.jwks()).valid).toBe(true);
  });

  it('refuses to rotate a key it does not own', async () => {
    const ring = await SigningKeyRing.load({ dataDir: temporaryDataDir(), certSigningKey: pkcs8Pem() });
    await expect(ring.rotate()).rejects.toThrow(/CERT_SIGNING_KEY/);
  });

  it('refuses a key that is not Ed25519, a missing file and garbage, without echoing the value', async () => {
    const dataDir = temporaryDataDir();
    await expect(SigningKeyRing.load({ dataDir, certSigningKey: pkcs8Pem('ec') })).rejects.toThrow(/must be an Ed25519 key/);
    await expect(SigningKeyRing.load({ dataDir, certSigningKey: join(dataDir, 'missing.pem') })).rejects.toThrow(/ENOENT/);
    const garbage = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXN0dWZm\n-----END PRIVATE KEY-----\n';
    const failure = SigningKeyRing.load({ dataDir, certSigningKey: garbage });
    await expect(failure).rejects.toThrow(/not an unencrypted PKCS#8 PEM/);
    await expect(failure).rejects.not.toThrow(/c2VjcmV0/);
  });
});
