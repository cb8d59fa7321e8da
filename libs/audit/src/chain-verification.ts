import { computeEventHash } from '#libs/event-store';
import { storedSchemaVersionMatches } from '#libs/lifecycle';
import type { ChainBreak, ChainVerification, HistoryEntry } from './audit-types.js';

/**
 * Walks a stream's hash chain oldest first, one event at a time so a long stream can be read in
 * pages. Reports the first revision where the chain fails; events after it are only counted.
 */
export class ChainVerifier {
  private eventCount = 0;
  private expectedRevision = 0;
  private previousHash: string | null = null;
  private broken?: { brokenAtRevision: number; reason: ChainBreak };

  add(entry: HistoryEntry): void {
    this.eventCount++;
    if (this.broken) return;
    this.broken = this.check(entry);
    this.expectedRevision++;
    this.previousHash = entry.hash;
  }

  result(): ChainVerification {
    const { eventCount, broken } = this;
    return broken ? { valid: false, eventCount, ...broken } : { valid: true, eventCount };
  }

  private check(entry: HistoryEntry): { brokenAtRevision: number; reason: ChainBreak } | undefined {
    const at = (reason: ChainBreak) => ({ brokenAtRevision: this.expectedRevision, reason });
    if (entry.revision !== this.expectedRevision) return at('missing-revision');
    if (entry.previousHash !== this.previousHash) return at('previous-hash-mismatch');
    const recomputed = computeEventHash({
      ...entry,
      metadata: { occurredAt: entry.occurredAt, actor: entry.actor ?? undefined },
    });
    if (recomputed !== entry.hash) return at('hash-mismatch');
    if (!storedSchemaVersionMatches(entry.type, entry.data, entry.schemaVersion)) return at('schema-version-mismatch');
    return undefined;
  }
}

export function verifyChain(entries: Iterable<HistoryEntry>): ChainVerification {
  const verifier = new ChainVerifier();
  for (const entry of entries) verifier.add(entry);
  return verifier.result();
}
