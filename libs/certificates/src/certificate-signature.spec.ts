import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '#libs/canonical-json';
import { canonicalBytes } from './canonical-json.js';
import {
  signatureFingerprint,
  signCertificate,
  verifyCertificateSignature,
  type CertificateSignature,
  type SigningKey,
} from './certificate-signature.js';
import { jwkThumbprint, publicJwkOf, type Jwks } from './jwk.js';
import { sampleCertificate, withOtherPadBits } from '../test/certificate-fixtures.js';

function newKey(): SigningKey & { jwks: Jwks } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicJwkOf(privateKey);
  return { keyId: jwk.kid, privateKey, jwks: { keys: [jwk] } };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a leaf value, e.g. ['evidence', 'tests', 1, 'value']. */
function leafPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  }
  return [prefix];
}

function withLeafChanged(value: Json, path: (string | number)[]): Json {
  const copy = structuredClone(value) as Record<string | number, Json>;
  let owner = copy;
  for (const step of path.slice(0, -1)) owner = owner[step] as Record<string | number, Json>;
  const last = path[path.length - 1];
  const leaf = owner[last];
  owner[last] = typeof leaf === 'number' ? leaf + 1 : typeof leaf === 'string' ? `${leaf}x` : !leaf;
  return copy as Json;
}

/** Same JSON, members inserted in reverse order at every level. */
function reversedKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reversedKeys(item)]),
    );
  }
  return value;
}

describe('certificate signature', () => {
  const key = newKey();
  const certificate = sampleCertificate();
  const signature = signCertificate(certificate, key);

  it('signs JCS bytes with Ed25519 and names the key', () => {
    expect(signature.alg).toBe('EdDSA');
    expect(signature.keyId).toBe(key.keyId);
    expect(signature.value).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyCertificateSignature(certificate, signature, key.jwks)).toEqual({ valid: true });
  });

  it('fails when any single field of the certificate is changed', () => {
    const json = certificate as unknown as Json;
    const paths = leafPaths(json);
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const check = verifyCertificateSignature(withLeafChanged(json, path), signature, key.jwks);
      expect({ path, valid: check.valid }).toEqual({ path, valid: false });
    }
  });

  it('fails when a field is added or removed', () => {
    const { historyHash: _removed, ...withoutHash } = certificate;
    expect(verifyCertificateSignature(withoutHash, signature, key.jwks).valid).toBe(false);
    expect(verifyCertificateSignature({ ...certificate, note: 'extra' }, signature, key.jwks).valid).toBe(false);
  });

  it('still verifies when the JSON arrives with members in another order (JCS)', () => {
    const reordered = reversedKeys(certificate as unknown as Json);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(certificate));
    expect(canonicalJson(reordered)).toBe(canonicalJson(certificate));
    expect(verifyCertificateSignature(reordered, signature, key.jwks).valid).toBe(true);
  });

  it('fails under a different key', () => {
    const other = newKey();
    const forged = signCertificate(certificate, { keyId: key.keyId, privateKey: other.privateKey });
    expect(verifyCertificateSignature(certificate, forged, key.jwks)).toEqual({
      valid: false,
      reason: expect.stringContaining('does not match'),
    });
    expect(verifyCertificateSignature(certificate, signature, other.jwks)).toEqual({
      valid: false,
      reason: expect.stringContaining('no public key'),
    });
  });

  it('refuses a key set whose kid is not the thumbprint of its key', () => {
    const other = newKey();
    const impostor: Jwks = { keys: [{ ...other.jwks.keys[0], kid: key.keyId }] };
    expect(verifyCertificateSignature(certificate, signature, impostor).reason).toMatch(/not the thumbprint/);
  });

  it.each<[string, Partial<CertificateSignature> | { alg: string }]>([
    ['another algorithm', { alg: 'ES256' }],
    ['a truncated value', { value: signature.value.slice(0, 40) }],
    ['a padded value', { value: `${signature.value}==` }],
    ['standard base64 characters', { value: signature.value.replace(/[-_]/g, '+').replace(/^./, '/') }],
    ['a value with other pad bits (decodes to the same bytes)', { value: withOtherPadBits(signature.value) }],
  ])('refuses %s', (_case, change) => {
    expect(verifyCertificateSignature(certificate, { ...signature, ...change }, key.jwks).valid).toBe(false);
  });

  it('reports a certificate that has no JSON form as invalid instead of throwing', () => {
    expect(verifyCertificateSignature({ ...certificate, batteryRevision: Number.NaN }, signature, key.jwks)).toEqual({
      valid: false,
      reason: expect.any(String),
    });
  });

  it('gives the same signature for the same certificate (Ed25519 is deterministic)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const first = signCertificate(value, key);
        expect(signCertificate(reversedKeys(value as Json), key)).toEqual(first);
        expect(verifyCertificateSignature(value, first, key.jwks).valid).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('fingerprints the raw signature bytes', () => {
    const zeros: CertificateSignature = { alg: 'EdDSA', keyId: 'k', value: Buffer.alloc(64).toString('base64url') };
    expect(signatureFingerprint(zeros)).toBe('f5a5fd42d16a2030');
  });
});

describe('canonical JSON (RFC 8785)', () => {
  it('matches the RFC 8785 section 3.2.3 example', () => {
    const input =
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}';
    expect(canonicalJson(JSON.parse(input))).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalBytes(undefined)).toThrow(TypeError);
    expect(() => canonicalBytes({ a: Number.POSITIVE_INFINITY })).toThrow();
  });
});

describe('JWK thumbprint (RFC 7638 / RFC 8037 A.3)', () => {
  it('matches the RFC 8037 example key', () => {
    const privateKey = createPrivateKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
        x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      },
      format: 'jwk',
    });
    const jwk = publicJwkOf(privateKey);
    expect(jwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      kid: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
      use: 'sig',
      alg: 'EdDSA',
    });
    expect(jwkThumbprint(jwk.x)).toBe(jwk.kid);
  });

  it('refuses keys that are not Ed25519', () => {
    expect(() => publicJwkOf(generateKeyPairSync('ed448').privateKey)).toThrow(/Ed25519/);
  });
});
