import type { CertificateDocument } from './certificate-document.js';
import { verifyCertificateSignature, type CertificateSignature } from './certificate-signature.js';
import type { Jwks } from './jwk.js';

export type CertificateStatus = 'active' | 'revoked' | 'expired';

export interface Revocation {
  reason: string;
  revokedAt: string;
}

/**
 * Revocation outranks expiry (a revoked certificate says why it stopped). A certificate is valid
 * up to, not including, its `validUntil` instant; a revocation counts from its `revokedAt`, so
 * asking about an earlier `now` gives the status as it was then.
 */
export function certificateStatus(certificate: { revokedAt?: string | null; validUntil: string }, now: Date): CertificateStatus {
  const at = now.getTime();
  if (certificate.revokedAt != null && Date.parse(certificate.revokedAt) <= at) return 'revoked';
  return at >= Date.parse(certificate.validUntil) ? 'expired' : 'active';
}

/** Body of `GET /certificates/{id}/verify` (shared/api.md). */
export interface VerificationResult {
  valid: boolean;
  status: CertificateStatus;
  certificate: CertificateDocument;
  signature: CertificateSignature;
  revocation: Revocation | null;
}

export interface VerificationInput {
  certificate: CertificateDocument;
  signature: CertificateSignature;
  revocation: Revocation | null;
  jwks: Jwks;
  now: Date;
}

/** `valid` only when the signature checks against the published keys and the status is active. */
export function verificationResult({ certificate, signature, revocation, jwks, now }: VerificationInput): VerificationResult {
  const status = certificateStatus({ revokedAt: revocation?.revokedAt, validUntil: certificate.validUntil }, now);
  const signatureValid = verifyCertificateSignature(certificate, signature, jwks).valid;
  return { valid: signatureValid && status === 'active', status, certificate, signature, revocation };
}
