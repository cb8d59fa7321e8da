import type { Actor, RecordedEvent } from '#libs/event-store';

/**
 * One event as `GET /batteries/{id}/history` shows it: every member the hash covers, as
 * stored (data are not upcast, or the hash could not be recomputed), plus the chain links.
 */
export interface HistoryEntry {
  /** The event-store stream, which is the battery id itself: part of what the hash covers. */
  streamId: string;
  revision: number;
  type: string;
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
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor ?? null,
    data: event.data,
    hash: event.hash,
    previousHash: event.previousHash,
  };
}
