import type { Actor, RecordedEvent } from '#libs/event-store';

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

export function toHistoryEntry(event: RecordedEvent): HistoryEntry {
  return {
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    schemaVersion: event.metadata.schemaVersion,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor ?? null,
    data: event.data,
    hash: event.hash,
    previousHash: event.previousHash,
  };
}
