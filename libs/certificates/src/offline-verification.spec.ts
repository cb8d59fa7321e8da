import { generateKeyPairSync } from 'node:crypto';
import { signCertificate } from './certificate-signature.js';
import { publicJwkOf } from './jwk.js';
import { parseJwks, parseSignedCertificate, verifyOffline, VerifierInputError } from './offline-verification.js';
import { sampleCertificate, withOtherPadBits } from '../test/certificate-fixtures.js';

describe('offline verification', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicJwkOf(privateKey);
  const certificate = sampleCertificate();
  const signature = signCertificate(certificate, { keyId: jwk.kid, privateKey });
  const verifyResponse = { valid: true, status: 'active', certificate, signature, revocation: null };
  const jwks = parseJwks({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'rsa-1' }, jwk] });
  const now = new Date('2026-01-01T00:00:00.000Z');

  it('accepts the verify response and a bare {certificate, signature}', () => {
    for (const input of [verifyResponse, { certificate, signature }]) {
      expect(verifyOffline(parseSignedCertificate(JSON.parse(JSON.stringify(input))), jwks, now)).toEqual({
        valid: true,
        status: 'active',
        certificateId: certificate.certificateId,
        keyId: jwk.kid,
        reasons: [],
      });
    }
  });

  it('keeps only the Ed25519 keys of a key set', () => {
    expect(jwks.keys).toEqual([jwk]);
  });

  it('lists every reason a certificate fails', () => {
    const revoked = {
      ...verifyResponse,
      status: 'revoked',
      certificate: { ...certificate, batteryRevision: 4 },
      revocation: { reason: 'handed over for recycling', revokedAt: '2025-12-01T00:00:00.000Z' },
    };
    const result = verifyOffline(parseSignedCertificate(revoked), jwks, now);
    expect(result.valid).toBe(false);
    expect(result.status).toBe('revoked');
    expect(result.reasons).toEqual([
      expect.stringMatching(/^signature: signature does not match/),
      'revoked at 2025-12-01T00:00:00.000Z: handed over for recycling',
    ]);
    expect(verifyOffline(parseSignedCertificate(verifyResponse), jwks, new Date('2027-03-05T09:30:00.000Z')).reasons).toEqual([
      'expired: valid until 2027-03-05T09:30:00.000Z',
    ]);
  });

  it.each([
    ['not an object', []],
    ['no certificate', { signature }],
    ['no signature', { certificate }],
    ['a signature without value', { certificate, signature: { alg: 'EdDSA', keyId: jwk.kid } }],
    ['a certificate without validUntil', { certificate: { certificateId: 'C' }, signature }],
    ['a malformed revocation', { certificate, signature, revocation: 'yes' }],
    ['a revokedAt that is not an instant', { certificate, signature, revocation: { reason: 'fault', revokedAt: '2025-02-30T00:00:00Z' } }],
    ['an empty revocation reason', { certificate, signature, revocation: { reason: '', revokedAt: '2025-12-01T00:00:00.000Z' } }],
    ['status revoked without a revocation', { ...verifyResponse, status: 'revoked' }],
    ['status active with a revocation', { ...verifyResponse, revocation: { reason: 'fault', revokedAt: '2025-12-01T00:00:00.000Z' } }],
    ['an unknown status', { ...verifyResponse, status: 'fine' }],
    ['a validUntil that is not an instant', { certificate: { ...certificate, validUntil: 'never' }, signature }],
    ['a padded signature value', { certificate, signature: { ...signature, value: `${signature.value}==` } }],
    ['a signature value with other pad bits', { certificate, signature: { ...signature, value: withOtherPadBits(signature.value) } }],
  ])('refuses a certificate file with %s', (_case, json) => {
    expect(() => parseSignedCertificate(json)).toThrow(VerifierInputError);
  });

  it.each([
    ['not a JWKS', [jwk]],
    ['a key that is not an object', { keys: [1] }],
    ['an Ed25519 key without x', { keys: [{ kty: 'OKP', crv: 'Ed25519', kid: 'k' }] }],
    ['an Ed25519 key whose x is not canonical base64url', { keys: [{ ...jwk, x: `${jwk.x}=` }] }],
  ])('refuses a key file with %s', (_case, json) => {
    expect(() => parseJwks(json)).toThrow(VerifierInputError);
  });
});
