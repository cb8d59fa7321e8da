import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Reads CERT_SIGNING_KEY: PEM content when it starts with "-----BEGIN", otherwise the path of a
 * PEM file (a mounted secret). Content squeezed onto one line with literal "\n" (as .env files
 * and some secret stores do) is unfolded first. Messages never echo the value.
 */
export function readConfiguredSigningKey(value: string): KeyObject {
  const isPem = value.trimStart().startsWith('-----BEGIN');
  let pem: string;
  if (isPem) {
    pem = value.includes('\n') ? value : value.replace(/\\n/g, '\n');
  } else {
    try {
      pem = readFileSync(value, 'utf8');
    } catch (error) {
      throw new Error(`CERT_SIGNING_KEY: cannot read key file ${value}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error('CERT_SIGNING_KEY is not an unencrypted PKCS#8 PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`CERT_SIGNING_KEY must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}
