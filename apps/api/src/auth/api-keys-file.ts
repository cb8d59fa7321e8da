import { scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { ConfigError } from '#libs/config';
import { ID_PATTERN } from '#libs/lifecycle';
import { secretDigest, secretProblem, type ApiKey } from './api-keys.js';
import { isRole, type Role } from './roles.js';

/** One checked entry of API_KEYS_FILE: the secret is already reduced to its SHA-256 digest. */
export type FileKey = Omit<ApiKey, 'keyId'>;

const FIELDS = new Set(['name', 'roles', 'secret', 'secretSha256', 'organisationId', 'siteIds']);
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
/** Names are shown to people (history, certificates): any script, but one line of printable text. */
const NAME = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,200}$/u;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function idList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new FieldError(field, 'must be a non-empty array of ids');
  value.forEach((id, index) => {
    if (typeof id !== 'string' || !ID_PATTERN.test(id))
      throw new FieldError(`${field}.${index}`, 'must be 1-100 characters of A-Z a-z 0-9 . _ : -');
  });
  return [...new Set(value as string[])];
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function checkEntry(entry: unknown, production: boolean): FileKey {
  if (!isObject(entry)) throw new FieldError('$', 'must be an object {name, roles, secret | secretSha256, organisationId?, siteIds?}');
  const unknown = Object.keys(entry).find((field) => !FIELDS.has(field));
  if (unknown !== undefined) throw new FieldError(unknown, 'is not a field of a key');
  const { name, roles, secret, secretSha256, organisationId, siteIds } = entry;
  if (typeof name !== 'string' || name.trim() !== name || !NAME.test(name)) {
    throw new FieldError('name', 'must be 1-200 characters of one line, without leading or trailing spaces');
  }
  if (!Array.isArray(roles) || roles.length === 0) throw new FieldError('roles', 'must be a non-empty array of roles');
  roles.forEach((role, index) => {
    if (typeof role !== 'string' || !isRole(role)) throw new FieldError(`roles.${index}`, `is not a role (${JSON.stringify(role)})`);
  });
  // An admin may do everything, routes no site scope reaches included: a scope on it would be a false promise.
  if (siteIds !== undefined && roles.includes('admin')) throw new FieldError('siteIds', 'cannot limit an admin key');
  if ((secret === undefined) === (secretSha256 === undefined))
    throw new FieldError('secret', 'give exactly one of secret and secretSha256');
  let digest: Buffer;
  if (secret !== undefined) {
    const problem = typeof secret === 'string' ? secretProblem(secret, production) : 'must be a string';
    if (problem) throw new FieldError('secret', problem);
    digest = secretDigest(secret as string);
  } else {
    if (typeof secretSha256 !== 'string' || !SHA256_HEX.test(secretSha256)) {
      throw new FieldError('secretSha256', 'must be 64 hex digits (SHA-256 of the secret)');
    }
    digest = Buffer.from(secretSha256, 'hex');
  }
  if (organisationId !== undefined && (typeof organisationId !== 'string' || !ID_PATTERN.test(organisationId))) {
    throw new FieldError('organisationId', 'must be 1-100 characters of A-Z a-z 0-9 . _ : -');
  }
  return {
    name,
    roles: [...new Set(roles as Role[])],
    digest,
    ...(organisationId === undefined ? {} : { organisationId }),
    ...(siteIds === undefined ? {} : { siteIds: idList(siteIds, 'siteIds') }),
  };
}

export interface FileKeyOptions {
  production?: boolean;
  /** Digests of API_KEYS: a secret listed in both would hold two identities. */
  fixedDigests?: readonly Buffer[];
}

/**
 * Checks the text of API_KEYS_FILE: a JSON array `[{name, roles, secret | secretSha256,
 * organisationId?, siteIds?}]`. A ConfigError names the entry (position and name) and the
 * field, never a secret.
 */
export function checkApiKeysFile(text: string, { production = false, fixedDigests = [] }: FileKeyOptions = {}): FileKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`API_KEYS_FILE is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError('API_KEYS_FILE must hold a JSON array of keys');
  const names = new Set<string>();
  const digests = new Set(fixedDigests.map((digest) => digest.toString('hex')));
  return parsed.map((entry, index) => {
    const label = `API_KEYS_FILE entry ${index + 1}${isObject(entry) && typeof entry.name === 'string' ? ` (${JSON.stringify(entry.name)})` : ''}`;
    try {
      const key = checkEntry(entry, production);
      if (names.has(key.name!)) throw new FieldError('name', 'is used by an earlier entry: names tell people apart in the history');
      const hex = key.digest.toString('hex');
      if (digests.has(hex))
        throw new FieldError(isObject(entry) && entry.secret !== undefined ? 'secret' : 'secretSha256', 'is the secret of another key');
      names.add(key.name!);
      digests.add(hex);
      return key;
    } catch (error) {
      if (error instanceof FieldError) throw new ConfigError(`${label}, field ${error.field}: ${error.message}`);
      throw error;
    }
  });
}

const scryptAsync = promisify(scrypt) as (password: Buffer, salt: string, length: number) => Promise<Buffer>;
const keyIds = new Map<string, Promise<string>>();

/**
 * A file key's public id, from its digest (the file may hold only that), with scrypt as for
 * API_KEYS so the published id is as slow to invert. Asynchronous and remembered per digest, so
 * re-reading a long file neither blocks requests nor pays scrypt again for keys it already had.
 */
export function fileKeyId(digest: Buffer): Promise<string> {
  const hex = digest.toString('hex');
  let id = keyIds.get(hex);
  if (id === undefined) {
    id = scryptAsync(digest, 'cellpath/api-key-id/sha256', 9).then((bytes) => 'key-' + bytes.toString('base64url'));
    keyIds.set(hex, id);
  }
  return id;
}

export async function withKeyIds(keys: readonly FileKey[]): Promise<ApiKey[]> {
  return Promise.all(keys.map(async (key) => ({ ...key, keyId: await fileKeyId(key.digest) })));
}
