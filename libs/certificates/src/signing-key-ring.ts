import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '#libs/database';
import { createFileExclusive, ensurePrivateDirectory, replaceFile } from '#libs/files';
import type { CertificateDocument } from './certificate-document.js';
import { signBytes, signCertificate, type CertificateSignature } from './certificate-signature.js';
import { readConfiguredSigningKey } from './configured-signing-key.js';
import { publicJwkOf, type Ed25519PublicJwk, type Jwks } from './jwk.js';
import type { PublicKeyLedger } from './public-key-ledger.js';
import { readLedger } from './public-key-ledger.js';
import { DatabaseKeySet, LedgerFileKeySet, readDatabaseKeySet, type PublishedKeySet } from './published-key-set.js';

export const KEY_DIRECTORY = 'certificate-keys';
export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const LEDGER_FILE = 'public-keys.json';

export interface SigningKeyRingOptions {
  dataDir: string;
  /** Raw CERT_SIGNING_KEY: PEM content or a path to a PEM file. Absent: a key managed in DATA_DIR. */
  certSigningKey?: string;
  /** The database several processes share (DATABASE_URL): the published set lives there. */
  database?: Database;
  now?: () => Date;
}

export interface Rotation {
  keyId: string;
  retiredKeyId: string;
}

const toPem = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();

async function loadOrCreateManagedKey(path: string): Promise<KeyObject> {
  try {
    return createPrivateKey(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await createFileExclusive(path, toPem(generateKeyPairSync('ed25519').privateKey));
  // Whoever won a concurrent first start, everyone signs with the key that is on disk.
  return createPrivateKey(await readFile(path, 'utf8'));
}

/**
 * The deployment's certificate signing keys: the private key this process signs with, and the
 * published set (`PublishedKeySet`) its JWKS and signature checks use. The set is
 * `<DATA_DIR>/certificate-keys/public-keys.json` on the embedded store, the database's
 * `certificate_signing_keys` table when `database` is given (DATABASE_URL): processes sharing a
 * database share one set, and a process whose key that set refuses does not start.
 * A running process keeps the key it loaded: restart it after rotating from another process.
 */
export class SigningKeyRing {
  private constructor(
    private readonly directory: string,
    private readonly managed: boolean,
    private readonly keySet: PublishedKeySet,
    private privateKey: KeyObject,
    private current: Ed25519PublicJwk,
  ) {}

  static async load(options: SigningKeyRingOptions): Promise<SigningKeyRing> {
    const directory = join(options.dataDir, KEY_DIRECTORY);
    const now = options.now ?? (() => new Date());
    await ensurePrivateDirectory(directory);
    const managed = options.certSigningKey === undefined;
    const keyFile = join(directory, PRIVATE_KEY_FILE);
    const privateKey =
      options.certSigningKey === undefined ? await loadOrCreateManagedKey(keyFile) : readConfiguredSigningKey(options.certSigningKey);
    const current = publicJwkOf(privateKey);
    const ledgerPath = join(directory, LEDGER_FILE);
    const keySet = options.database
      ? await DatabaseKeySet.open(options.database, ledgerPath, now)
      : await LedgerFileKeySet.open(ledgerPath, now);
    await keySet.adopt(current, { configured: !managed, label: managed ? `the signing key in ${keyFile}` : 'CERT_SIGNING_KEY' });
    return new SigningKeyRing(directory, managed, keySet, privateKey, current);
  }

  /** Thumbprint of the key new certificates are signed with. */
  get keyId(): string {
    return this.current.kid;
  }

  get keyDirectory(): string {
    return this.directory;
  }

  sign(certificate: CertificateDocument): CertificateSignature {
    return signCertificate(certificate, { keyId: this.current.kid, privateKey: this.privateKey });
  }

  /** Signs raw bytes with the current key: the transparency log's checkpoints, published in the same JWKS. */
  signBytes(message: Uint8Array): { keyId: string; value: string } {
    return { keyId: this.current.kid, value: signBytes(message, { keyId: this.current.kid, privateKey: this.privateKey }) };
  }

  /** The published set as a JWKS: active keys first, then retired ones, newest first; public members only. */
  async jwks(): Promise<Jwks> {
    return { keys: (await this.keySet.keys()).map(({ kid, x }) => ({ kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' })) };
  }

  /**
   * New current key; the old one is retired (its public key stays published). The new key is
   * published before its file replaces the old one, and the old key retired only after, so a
   * crash in between leaves the old key current and signing, never a key that is not published.
   */
  async rotate(): Promise<Rotation> {
    if (!this.managed) {
      throw new Error('the signing key comes from CERT_SIGNING_KEY: rotate by setting a new key there and restarting');
    }
    const retiredKeyId = this.current.kid;
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    const current = publicJwkOf(privateKey);
    const keyFile = join(this.directory, PRIVATE_KEY_FILE);
    await this.keySet.publish(current);
    await replaceFile(keyFile, toPem(privateKey));
    await this.keySet.retire(retiredKeyId);
    this.privateKey = privateKey;
    this.current = current;
    return { keyId: current.kid, retiredKeyId };
  }
}

/** One-shot rotation for CLIs and admin tooling. */
export async function rotateCertificateSigningKey(options: SigningKeyRingOptions): Promise<Rotation> {
  return (await SigningKeyRing.load(options)).rotate();
}

/**
 * The published keys as they stand, for listing: read only, so nothing is created or adopted (a
 * DATA_DIR or database no process has signed on yet has none). The database's set when given.
 */
export async function readPublishedKeys(options: { dataDir: string; database?: Database }): Promise<PublicKeyLedger> {
  return options.database ? readDatabaseKeySet(options.database) : readLedger(join(options.dataDir, KEY_DIRECTORY, LEDGER_FILE));
}
