import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateDocument } from './certificate-document.js';
import { signBytes, signCertificate, type CertificateSignature } from './certificate-signature.js';
import { readConfiguredSigningKey } from './configured-signing-key.js';
import { publicJwkOf, type Ed25519PublicJwk, type Jwks } from './jwk.js';
import { createPrivateFileExclusive, ensurePrivateDirectory, replacePrivateFile } from './private-files.js';
import { readLedger, sameLedger, withCurrentKey, writeLedger, type PublicKeyLedger } from './public-key-ledger.js';

export const KEY_DIRECTORY = 'certificate-keys';
export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const LEDGER_FILE = 'public-keys.json';

export interface SigningKeyRingOptions {
  dataDir: string;
  /** Raw CERT_SIGNING_KEY: PEM content or a path to a PEM file. Absent: a key managed in DATA_DIR. */
  certSigningKey?: string;
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
  await createPrivateFileExclusive(path, toPem(generateKeyPairSync('ed25519').privateKey));
  // Whoever won a concurrent first start, everyone signs with the key that is on disk.
  return createPrivateKey(await readFile(path, 'utf8'));
}

/**
 * The deployment's certificate signing keys: one current private key and the public half of
 * every key it has used. Public keys are recorded in `<DATA_DIR>/certificate-keys/public-keys.json`
 * in both modes, so a swapped CERT_SIGNING_KEY or a rotation leaves old certificates verifiable.
 * A running process keeps the key it loaded: restart it after rotating from another process.
 */
export class SigningKeyRing {
  private constructor(
    private readonly directory: string,
    private readonly managed: boolean,
    private readonly now: () => Date,
    private privateKey: KeyObject,
    private current: Ed25519PublicJwk,
    private ledger: PublicKeyLedger,
  ) {}

  static async load(options: SigningKeyRingOptions): Promise<SigningKeyRing> {
    const directory = join(options.dataDir, KEY_DIRECTORY);
    const now = options.now ?? (() => new Date());
    await ensurePrivateDirectory(directory);
    const managed = options.certSigningKey === undefined;
    const privateKey =
      options.certSigningKey === undefined
        ? await loadOrCreateManagedKey(join(directory, PRIVATE_KEY_FILE))
        : readConfiguredSigningKey(options.certSigningKey);
    const current = publicJwkOf(privateKey);
    const stored = await readLedger(join(directory, LEDGER_FILE));
    const ledger = withCurrentKey(stored, current, now());
    if (!sameLedger(stored, ledger)) await writeLedger(join(directory, LEDGER_FILE), ledger);
    return new SigningKeyRing(directory, managed, now, privateKey, current, ledger);
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

  /** Current key first, then retired ones newest first; public members only. */
  jwks(): Jwks {
    return { keys: this.ledger.map(({ kid, x }) => ({ kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' })) };
  }

  /**
   * New current key; the old one is retired (its public key stays published). The ledger is
   * written before the key file, so a crash in between leaves the old key current and the
   * unused new one merely listed as retired.
   */
  async rotate(): Promise<Rotation> {
    if (!this.managed) {
      throw new Error('the signing key comes from CERT_SIGNING_KEY: rotate by setting a new key there and restarting');
    }
    const retiredKeyId = this.current.kid;
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    const current = publicJwkOf(privateKey);
    const ledger = withCurrentKey(this.ledger, current, this.now());
    await writeLedger(join(this.directory, LEDGER_FILE), ledger);
    await replacePrivateFile(join(this.directory, PRIVATE_KEY_FILE), toPem(privateKey));
    this.privateKey = privateKey;
    this.current = current;
    this.ledger = ledger;
    return { keyId: current.kid, retiredKeyId };
  }
}

/** One-shot rotation for CLIs and admin tooling. */
export async function rotateCertificateSigningKey(options: SigningKeyRingOptions): Promise<Rotation> {
  return (await SigningKeyRing.load(options)).rotate();
}
