import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalBytes } from './canonical-json.js';
import { jwkThumbprint, type Jwks } from './jwk.js';

export interface CertificateSignature {
  alg: 'EdDSA';
  /** RFC 7638 thumbprint of the signing key; the `kid` to look up in the JWKS. */
  keyId: string;
  /** base64url (no padding) of the 64-byte Ed25519 signature over the UTF-8 bytes of JCS(certificate). */
  value: string;
}

/** A signature as received: not yet known to be EdDSA or well formed. */
export interface SignatureClaim {
  alg: string;
  keyId: string;
  value: string;
}

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

export interface SignatureCheck {
  valid: boolean;
  reason?: string;
}

const ED25519_SIGNATURE_BYTES = 64;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The bytes of a canonical base64url text (RFC 4648 §5 without padding, §3.5 zero pad bits), or
 * undefined. Node's decoder skips foreign characters and ignores the pad bits, so several texts
 * decode to one signature; only the one Node itself would write is accepted, re-encoded to compare.
 */
export function decodeCanonicalBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export function signCertificate(certificate: unknown, key: SigningKey): CertificateSignature {
  return { alg: 'EdDSA', keyId: key.keyId, value: signBytes(canonicalBytes(certificate), key) };
}

/** base64url Ed25519 signature over raw bytes (the transparency log's checkpoints sign their text). */
export function signBytes(message: Uint8Array, key: SigningKey): string {
  return sign(null, message, key.privateKey).toString('base64url');
}

/**
 * Checks a signature against a published JWKS. Takes the certificate as `unknown` because the
 * check covers whatever JSON was received; a reason is given for every refusal so an offline
 * verifier can say why.
 */
export function verifyCertificateSignature(certificate: unknown, signature: SignatureClaim, jwks: Jwks): SignatureCheck {
  if (signature.alg !== 'EdDSA') return { valid: false, reason: `unsupported signature algorithm "${signature.alg}"` };
  let message: Buffer;
  try {
    message = canonicalBytes(certificate);
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
  return verifySignedBytes(message, signature, jwks, 'the certificate');
}

/** The Ed25519 check of `value` over `message` by the key `keyId` of a JWKS; `subject` names the message in reasons. */
export function verifySignedBytes(
  message: Uint8Array,
  { keyId, value }: Pick<SignatureClaim, 'keyId' | 'value'>,
  jwks: Jwks,
  subject: string,
): SignatureCheck {
  const jwk = jwks.keys.find((key) => key.kid === keyId);
  if (!jwk) return { valid: false, reason: `no public key with kid "${keyId}" in the key set` };
  // The kid is the key's own thumbprint, so a key set can't pass off one key under another's name.
  if (jwkThumbprint(jwk.x) !== jwk.kid) return { valid: false, reason: `key "${jwk.kid}" is not the thumbprint of its public key` };

  const bytes = decodeCanonicalBase64Url(value);
  if (bytes?.length !== ED25519_SIGNATURE_BYTES) {
    return {
      valid: false,
      reason: `signature value is not the canonical base64url of a ${ED25519_SIGNATURE_BYTES}-byte Ed25519 signature`,
    };
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
  return verify(null, message, publicKey, bytes)
    ? { valid: true }
    : { valid: false, reason: `signature does not match ${subject} under key "${jwk.kid}"` };
}

/** Short, printable identity of one signature: first 16 hex digits of SHA-256 of its raw bytes. */
export function signatureFingerprint(signature: CertificateSignature): string {
  return createHash('sha256').update(Buffer.from(signature.value, 'base64url')).digest('hex').slice(0, 16);
}
