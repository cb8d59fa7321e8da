/**
 * The audit reads' JSON shapes (history entries, chain verdict, lineage), types only. This module
 * imports only modules without Node, so the console (apps/console) compiles it with the DOM types
 * alone and imports it with `import type`: no code of this library reaches the bundle.
 */
import type { Actor } from '../../event-store/src/event-store.port.js';
import type { PassportStatus } from '../../lifecycle/src/value-sets.js';

/**
 * One event as `GET /batteries/{id}/history` shows it: every member the hash covers, as
 * stored (data are not upcast, or the hash could not be recomputed), the chain links, and the
 * stored schema version.
 */
export interface HistoryEntry {
  /** The event-store stream, which is the battery id itself: part of what the hash covers. */
  streamId: string;
  revision: number;
  type: string;
  /**
   * The schema version the event was stored under. Not hashed (the recipe is fixed), so
   * verification checks it against the version the data itself shows.
   */
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: Actor | null;
  data: Record<string, unknown>;
  hash: string;
  previousHash: string | null;
}

/**
 * Why the chain breaks at a revision: that revision is absent, its links do not hold, or its
 * stored schema version (outside the hash) is not the one its hashed data shows.
 */
export type ChainBreak = 'missing-revision' | 'previous-hash-mismatch' | 'hash-mismatch' | 'schema-version-mismatch';

export type ChainVerification =
  { valid: true; eventCount: number } | { valid: false; eventCount: number; brokenAtRevision: number; reason: ChainBreak };

export interface LineageNode {
  batteryId: string;
  status: PassportStatus | null;
  /** Both sides agree: the predecessor's own history records its second life into the successor. */
  confirmed: boolean;
  predecessors?: LineageNode[];
  successors?: LineageNode[];
  /** Expanded elsewhere in this direction (a shared ancestor, or a cycle): its links are not shown twice. */
  repeated?: true;
  /** Has links beyond the depth or size limit, left unexpanded. */
  truncated?: true;
}

export interface Lineage {
  batteryId: string;
  status: PassportStatus;
  predecessors: LineageNode[];
  successors: LineageNode[];
}
