import { readFile } from 'node:fs/promises';
import { replaceFile } from '#libs/files';

/** One public key this deployment has signed with; `retiredAt` null marks the current one. */
export interface LedgerEntry {
  kid: string;
  x: string;
  activatedAt: string;
  retiredAt: string | null;
}

/** Newest first. Public keys are never dropped: every certificate ever signed must stay checkable. */
export type PublicKeyLedger = readonly LedgerEntry[];

export async function readLedger(path: string): Promise<PublicKeyLedger> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(parsed.keys)) throw new Error(`${path} has no "keys" array`);
  return parsed.keys as LedgerEntry[];
}

export async function writeLedger(path: string, ledger: PublicKeyLedger): Promise<void> {
  await replaceFile(path, JSON.stringify({ keys: ledger }, null, 2) + '\n');
}

/**
 * Makes `current` the one active key: it moves to the front, every other active key is retired.
 * Also covers a CERT_SIGNING_KEY that was swapped between starts, and a rotation cut short
 * before its new key file landed (that never-used key is simply retired).
 */
export function withCurrentKey(ledger: PublicKeyLedger, current: { kid: string; x: string }, now: Date): PublicKeyLedger {
  const at = now.toISOString();
  const previous = ledger.find((entry) => entry.kid === current.kid);
  const head: LedgerEntry =
    previous && previous.retiredAt === null ? previous : { kid: current.kid, x: current.x, activatedAt: at, retiredAt: null };
  const rest = ledger
    .filter((entry) => entry.kid !== current.kid)
    .map((entry) => (entry.retiredAt === null ? { ...entry, retiredAt: at } : entry));
  return [head, ...rest];
}

export function sameLedger(a: PublicKeyLedger, b: PublicKeyLedger): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The database's key set refuses the key a process would sign with (the message says why and what to do). */
export class SigningKeyRefused extends Error {
  override readonly name = 'SigningKeyRefused';
}

/**
 * Where a process's key stands in a key set that several processes share (the database's): the
 * set it leaves, or a refusal. An empty set takes the key, with the history of the process's own
 * DATA_DIR ledger (`local`), so certificates signed before the set moved there stay verifiable.
 * A key the set retired never signs again, so a rotation holds for every process. A key the set
 * lacks joins it only from CERT_SIGNING_KEY (`configured`): a key made up in one DATA_DIR would
 * otherwise quietly become a signer the other processes' checks never heard of. Joining retires
 * nothing: the set cannot tell a replacement from a second process's key, and retiring the other
 * keys would refuse the restart of every process still holding one. Only a rotation retires, and
 * only the key it replaces.
 */
export function adoptIntoSharedSet(
  shared: PublicKeyLedger,
  key: { kid: string; x: string; describe: string },
  configured: boolean,
  local: PublicKeyLedger,
  now: Date,
): PublicKeyLedger {
  if (shared.length === 0) return withCurrentKey(local, key, now);
  const entry = shared.find((candidate) => candidate.kid === key.kid);
  if (entry?.retiredAt) {
    throw new SigningKeyRefused(
      `${key.describe} ${key.kid} was retired at ${entry.retiredAt} in the database's key set, and a retired key signs no more: give this process the current key`,
    );
  }
  if (entry) return shared;
  if (!configured) {
    throw new SigningKeyRefused(
      `${key.describe} ${key.kid} is not in the database's key set (${shared.map((published) => published.kid).join(', ')}), so certificates it signed would not verify: ` +
        'give every process on this database the same CERT_SIGNING_KEY (a new one joins the set) or the same certificate-keys directory',
    );
  }
  return [{ kid: key.kid, x: key.x, activatedAt: now.toISOString(), retiredAt: null }, ...shared];
}
