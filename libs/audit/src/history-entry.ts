import type { RecordedEvent } from '#libs/event-store';
import type { HistoryEntry } from './audit-types.js';

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
