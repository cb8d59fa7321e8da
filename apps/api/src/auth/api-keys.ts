import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '#libs/config';
import type { Actor } from '#libs/event-store';
import { isRole, type Role } from './roles.js';

export interface ApiKey {
  /** Public, stable name of the key (recorded as the actor); never reveals the secret. */
  keyId: string;
  roles: Role[];
  digest: Buffer;
  /** From API_KEYS_FILE: the person or machine holding the key, recorded on its events. */
  name?: string;
  organisationId?: string;
  /** The only sites this key may write at (see site-scope.ts); absent: every site. */
  siteIds?: string[];
}

/** Who presented a key: the actor its events record, and the sites it is limited to. */
export interface KeyHolder {
  actor: Actor;
  siteIds?: readonly string[];
}

export const secretDigest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The key id is published (event actors, certificate issuers), so it is derived with scrypt:
 * a short or guessable secret cannot be brute-forced back from it cheaply.
 */
function keyIdOf(secret: string): string {
  return 'key-' + scryptSync(secret, 'cellpath/api-key-id', 9).toString('base64url');
}

/** What `NODE_ENV=production` demands of a secret: guessing must not be the cheaper way in. */
export const MIN_PRODUCTION_SECRET_LENGTH = 16;

/** A secret travels as `Authorization: Bearer <secret>`: one token of visible ASCII. */
const SENDABLE_SECRET = /^[\x21-\x7e]+$/;

export interface ApiKeyOptions {
  production?: boolean;
}

/**
 * Checks `roles:secret,roles:secret` (roles joined with `+`) without deriving key ids, so a
 * process can refuse a bad API_KEYS before it opens anything. Messages name the entry by its
 * position, never its secret.
 */
export function checkApiKeys(spec: string, { production = false }: ApiKeyOptions = {}): { roles: Role[]; secret: string }[] {
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new ConfigError('API_KEYS is empty');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const secret = colon < 0 ? '' : entry.slice(colon + 1);
    const name = `API_KEYS entry ${index + 1}`;
    if (colon <= 0 || secret.length === 0) throw new ConfigError(`${name} must look like roles:secret`);
    const problem = secretProblem(secret, production);
    if (problem) throw new ConfigError(`${name}: ${problem}`);
    const roles = entry.slice(0, colon).split('+');
    const unknown = roles.find((r) => !isRole(r));
    if (unknown !== undefined) throw new ConfigError(`${name}: unknown role "${unknown}"`);
    if (seen.has(secret)) throw new ConfigError(`${name}: secret used twice`);
    seen.add(secret);
    return { roles: roles as Role[], secret };
  });
}

/** What is wrong with a secret, if anything, in words that never quote it (API_KEYS and API_KEYS_FILE alike). */
export function secretProblem(secret: string, production: boolean): string | undefined {
  if (secret.length < 2) return 'secret too short';
  // Such a key could never be presented (the Bearer token ends at whitespace; headers are not UTF-8).
  if (!SENDABLE_SECRET.test(secret)) return 'the secret must be visible ASCII, without whitespace';
  if (production && secret.length < MIN_PRODUCTION_SECRET_LENGTH) {
    return `the secret must have at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`;
  }
  return undefined;
}

export function parseApiKeys(spec: string, options: ApiKeyOptions = {}): ApiKey[] {
  return checkApiKeys(spec, options).map(({ roles, secret }) => ({ keyId: keyIdOf(secret), roles, digest: secretDigest(secret) }));
}

export const GENERATED_KEY_FILE = 'admin-api-key';

/**
 * Outside production a server without API_KEYS must still be usable at once, but never open:
 * it mints one admin key, keeps it in DATA_DIR readable by the owner only, and reuses it later.
 */
export function loadOrCreateAdminKey(dataDir: string): { spec: string; path: string; created: boolean } {
  const path = join(dataDir, GENERATED_KEY_FILE);
  if (existsSync(path)) return { spec: readFileSync(path, 'utf8').trim(), path, created: false };
  mkdirSync(dataDir, { recursive: true });
  const spec = `admin:${randomBytes(24).toString('base64url')}`;
  writeFileSync(path, spec + '\n', { mode: 0o600, flag: 'wx' });
  return { spec, path, created: true };
}

/**
 * The keys a server accepts: those of API_KEYS, fixed for its life, and those of API_KEYS_FILE,
 * replaced whole whenever the file is re-read (a request sees the old set or the new one).
 */
export class ApiKeyRing {
  private fileKeys: readonly ApiKey[] = [];

  constructor(private readonly keys: readonly ApiKey[]) {}

  replaceFileKeys(keys: readonly ApiKey[]): void {
    this.fileKeys = keys;
  }

  /** Every key's digest, for refusing a file that repeats a secret of API_KEYS. */
  fixedDigests(): readonly Buffer[] {
    return this.keys.map((key) => key.digest);
  }

  /** Compares against every key in constant time so timing reveals neither match nor position. */
  authenticate(secret: string): KeyHolder | undefined {
    const presented = secretDigest(secret);
    let match: ApiKey | undefined;
    for (const key of [...this.keys, ...this.fileKeys]) {
      if (timingSafeEqual(presented, key.digest)) match = key;
    }
    return match && keyHolder(match);
  }
}

function keyHolder({ keyId, roles, name, organisationId, siteIds }: ApiKey): KeyHolder {
  const actor: Actor = { keyId, roles: [...roles] };
  if (name !== undefined) actor.name = name;
  if (organisationId !== undefined) actor.organisationId = organisationId;
  return siteIds === undefined ? { actor } : { actor, siteIds: [...siteIds] };
}
