import { readFile } from 'node:fs/promises';
import { replacePrivateFile } from './private-files.js';

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
  await replacePrivateFile(path, JSON.stringify({ keys: ledger }, null, 2) + '\n');
}

/**
 * Makes `current` the one active key: it moves to the front, every other active key is retired.
 * Also covers a CERT_SIGNING_KEY that was swapped between starts, and a rotation cut short
 * before its new key file landed (that never-used key is simply retired).
 */
export function withCurrentKey(ledger: PublicKeyLedger, current: { kid: string; x: string }, now: Date): PublicKeyLedger {
  const at = now.toISOString();
  const previous = ledger.find((entry) => entry.kid === current.kid);
  const head: LedgerEntry = previous && previous.retiredAt === null ? previous : { kid: current.kid, x: current.x, activatedAt: at, retiredAt: null };
  const rest = ledger
    .filter((entry) => entry.kid !== current.kid)
    .map((entry) => (entry.retiredAt === null ? { ...entry, retiredAt: at } : entry));
  return [head, ...rest];
}

export function sameLedger(a: PublicKeyLedger, b: PublicKeyLedger): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
