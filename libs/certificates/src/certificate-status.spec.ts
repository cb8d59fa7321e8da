import { generateKeyPairSync } from 'node:crypto';
import { certificateStatus, verificationResult } from './certificate-status.js';
import { signCertificate } from './certificate-signature.js';
import { publicJwkOf } from './jwk.js';
import { sampleCertificate } from '../test/certificate-fixtures.js';

const validUntil = '2027-03-05T09:30:00.000Z';
const at = (iso: string) => new Date(iso);

describe('certificateStatus', () => {
  it('is active before validUntil and expired from that instant on', () => {
    expect(certificateStatus({ validUntil }, at('2027-03-05T09:29:59.999Z'))).toBe('active');
    expect(certificateStatus({ validUntil }, at(validUntil))).toBe('expired');
  });

  it('is revoked from revokedAt on, even once expired', () => {
    const revokedAt = '2026-01-10T00:00:00.000Z';
    expect(certificateStatus({ validUntil, revokedAt }, at('2026-01-09T23:59:59.999Z'))).toBe('active');
    expect(certificateStatus({ validUntil, revokedAt }, at(revokedAt))).toBe('revoked');
    expect(certificateStatus({ validUntil, revokedAt }, at('2030-01-01T00:00:00.000Z'))).toBe('revoked');
    expect(certificateStatus({ validUntil, revokedAt: null }, at('2026-06-01T00:00:00.000Z'))).toBe('active');
  });
});

describe('verificationResult', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicJwkOf(privateKey);
  const jwks = { keys: [jwk] };
  const certificate = sampleCertificate();
  const signature = signCertificate(certificate, { keyId: jwk.kid, privateKey });
  const now = at('2026-01-01T00:00:00.000Z');

  it('is valid when the signature checks and the certificate is active', () => {
    expect(verificationResult({ certificate, signature, revocation: null, jwks, now })).toEqual({
      valid: true,
      status: 'active',
      certificate,
      signature,
      revocation: null,
    });
  });

  it('is not valid when revoked, expired, or the signature fails', () => {
    const revocation = { reason: 'handed over for recycling', revokedAt: '2025-12-01T00:00:00.000Z' };
    expect(verificationResult({ certificate, signature, revocation, jwks, now })).toMatchObject({
      valid: false,
      status: 'revoked',
      revocation,
    });
    expect(verificationResult({ certificate, signature, revocation: null, jwks, now: at('2028-01-01T00:00:00Z') })).toMatchObject({
      valid: false,
      status: 'expired',
    });
    const tampered = { ...certificate, applications: [...certificate.applications, 'ev' as const] };
    expect(verificationResult({ certificate: tampered, signature, revocation: null, jwks, now })).toMatchObject({
      valid: false,
      status: 'active',
    });
  });
});
