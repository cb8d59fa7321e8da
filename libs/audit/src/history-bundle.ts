import type { ChainVerification, HistoryEntry } from './audit-types.js';
import { verifyChain } from './chain-verification.js';

export const HISTORY_BUNDLE_FORMAT = 'cellpath-history-bundle/1';

/** Travels inside every bundle, so the file names how to check it (docs/audit.md has the full recipe). */
export const HASH_RECIPE =
  'For each event oldest first: hash = lowercase hex SHA-256 of the UTF-8 bytes of (previousHash ?? "") + ' +
  'JCS({streamId, revision, type, occurredAt, recordedAt, actor, data}), JCS being RFC 8785 canonical JSON and streamId the batteryId; ' +
  'revisions run 0, 1, 2, ...; previousHash is null for revision 0, else the hash of the revision before.';

/** One battery's full record as a single document an auditor can check offline. */
export interface HistoryBundle {
  format: typeof HISTORY_BUNDLE_FORMAT;
  batteryId: string;
  exportedAt: string;
  hashRecipe: string;
  events: HistoryEntry[];
  /** What the server found when it checked the same events; an auditor recomputes it. */
  verification: ChainVerification;
}

export function historyBundle(batteryId: string, events: HistoryEntry[], exportedAt: string): HistoryBundle {
  return {
    format: HISTORY_BUNDLE_FORMAT,
    batteryId,
    exportedAt,
    hashRecipe: HASH_RECIPE,
    events,
    verification: verifyChain(events),
  };
}
