import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** A published Ed25519 public key (RFC 8037). Never carries the private member `d`. */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

export interface Jwks {
  keys: Ed25519PublicJwk[];
}

/** RFC 7638 thumbprint: base64url SHA-256 of the required members in lexicographic order. */
export function jwkThumbprint(x: string): string {
  const required = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  return createHash('sha256').update(required, 'utf8').digest('base64url');
}

export function publicJwkOf(key: KeyObject): Ed25519PublicJwk {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`certificate keys must be Ed25519, got ${key.asymmetricKeyType ?? key.type}`);
  }
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new TypeError('Ed25519 key exported without x');
  return { kty: 'OKP', crv: 'Ed25519', x, kid: jwkThumbprint(x), use: 'sig', alg: 'EdDSA' };
}
