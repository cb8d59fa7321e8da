import { normalizeInstant } from '#libs/lifecycle';
import { decodeCanonicalBase64Url, verifyCertificateSignature, type SignatureClaim } from './certificate-signature.js';
import { certificateStatus, type CertificateStatus, type Revocation } from './certificate-status.js';
import type { Ed25519PublicJwk, Jwks } from './jwk.js';

/** The files handed to the offline verifier are not what it expects (exit code 2, not 1). */
export class VerifierInputError extends Error {
  override readonly name = 'VerifierInputError';
}

export interface SignedCertificate {
  certificate: Record<string, unknown> & { certificateId: string; validUntil: string };
  signature: SignatureClaim;
  revocation: Revocation | null;
}

export interface OfflineVerification {
  valid: boolean;
  status: CertificateStatus;
  certificateId: string;
  keyId: string;
  /** Every reason the certificate is not valid; empty when it is. */
  reasons: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function requireString(owner: Record<string, unknown>, field: string, where: string): string {
  const value = owner[field];
  if (typeof value !== 'string') throw new VerifierInputError(`${where}.${field} must be a string`);
  return value;
}

function requireInstant(owner: Record<string, unknown>, field: string, where: string): string {
  const value = requireString(owner, field, where);
  // Date.parse would take "yesterday" as NaN, and a NaN instant compares as never reached.
  if (normalizeInstant(value) === null)
    throw new VerifierInputError(`${where}.${field} must be an ISO 8601 instant, got ${JSON.stringify(value)}`);
  return value;
}

function parseRevocation(revocation: unknown): Revocation | null {
  if (revocation === undefined || revocation === null) return null;
  if (!isObject(revocation)) throw new VerifierInputError('"revocation" must be an object or null');
  const reason = requireString(revocation, 'reason', 'revocation');
  if (reason.trim() === '') throw new VerifierInputError('revocation.reason must not be empty');
  return { reason, revokedAt: requireInstant(revocation, 'revokedAt', 'revocation') };
}

/**
 * A verify response's `status` was judged when it was fetched; it may have expired since, but a
 * revocation never goes away, so "revoked" without a revocation (or the other way round) is a
 * file that says two things.
 */
function checkStatusAgrees(status: unknown, revocation: Revocation | null): void {
  if (status === undefined) return;
  if (status !== 'active' && status !== 'revoked' && status !== 'expired') {
    throw new VerifierInputError(`"status" must be active, revoked or expired, got ${JSON.stringify(status)}`);
  }
  if ((status === 'revoked') !== (revocation !== null)) {
    throw new VerifierInputError(`"status" is ${status} but "revocation" is ${revocation === null ? 'null' : 'present'}`);
  }
}

/**
 * Accepts the verify endpoint's response or a bare `{certificate, signature}`. Refuses what could
 * be read two ways: a malformed instant or revocation, a status contradicting the revocation, a
 * signature value in anything but canonical base64url.
 */
export function parseSignedCertificate(json: unknown): SignedCertificate {
  if (!isObject(json)) throw new VerifierInputError('certificate file must hold a JSON object');
  const { certificate, signature } = json;
  if (!isObject(certificate)) throw new VerifierInputError('certificate file has no "certificate" object');
  if (!isObject(signature)) throw new VerifierInputError('certificate file has no "signature" object');
  const revocation = parseRevocation(json.revocation);
  checkStatusAgrees(json.status, revocation);
  const value = requireString(signature, 'value', 'signature');
  if (!decodeCanonicalBase64Url(value)) {
    throw new VerifierInputError('signature.value is not canonical base64url (A-Z a-z 0-9 - _ only, no padding, zero pad bits)');
  }
  return {
    certificate: {
      ...certificate,
      certificateId: requireString(certificate, 'certificateId', 'certificate'),
      validUntil: requireInstant(certificate, 'validUntil', 'certificate'),
    },
    signature: { alg: requireString(signature, 'alg', 'signature'), keyId: requireString(signature, 'keyId', 'signature'), value },
    revocation,
  };
}

/** Keeps the Ed25519 keys of a JWKS; keys of other types can't have made an EdDSA signature. */
export function parseJwks(json: unknown): Jwks {
  if (!isObject(json) || !Array.isArray(json.keys)) throw new VerifierInputError('key file must be a JWKS: {"keys": [...]}');
  const keys = json.keys.flatMap((key, index): Ed25519PublicJwk[] => {
    if (!isObject(key)) throw new VerifierInputError(`keys[${index}] must be an object`);
    if (key.kty !== 'OKP' || key.crv !== 'Ed25519') return [];
    const where = `keys[${index}]`;
    const x = requireString(key, 'x', where);
    if (!decodeCanonicalBase64Url(x)) throw new VerifierInputError(`${where}.x is not canonical base64url`);
    return [{ kty: 'OKP', crv: 'Ed25519', x, kid: requireString(key, 'kid', where), use: 'sig', alg: 'EdDSA' }];
  });
  return { keys };
}

/**
 * What a buyer can establish without the network: the signature, and expiry at `now`.
 * Revocation is only known as far as the file says (the verify response's `revocation`).
 */
export function verifyOffline(signed: SignedCertificate, jwks: Jwks, now: Date): OfflineVerification {
  const { certificate, signature, revocation } = signed;
  const check = verifyCertificateSignature(certificate, signature, jwks);
  const status = certificateStatus({ revokedAt: revocation?.revokedAt, validUntil: certificate.validUntil }, now);
  const reasons: string[] = [];
  if (!check.valid) reasons.push(`signature: ${check.reason}`);
  if (status === 'revoked' && revocation) reasons.push(`revoked at ${revocation.revokedAt}: ${revocation.reason}`);
  if (status === 'expired') reasons.push(`expired: valid until ${certificate.validUntil}`);
  return { valid: reasons.length === 0, status, certificateId: certificate.certificateId, keyId: signature.keyId, reasons };
}
