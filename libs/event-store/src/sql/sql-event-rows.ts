import type { RecordedEvent } from '../event-store.port.js';

/** Columns every read selects; position goes out as text because it exceeds 2^53. */
export const EVENT_COLUMNS = `position::text as position, event_id::text as event_id, stream_id, revision, type,
  data, metadata, recorded_at, hash, previous_hash`;

/**
 * Rows whose transaction id lies below the oldest still-running transaction: nothing can commit
 * below this bound any more, so delivering in position order up to it never skips a late commit.
 */
export const VISIBLE_HORIZON = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 1000000`;

export interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  hash: string;
  previous_hash: string | null;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at.toISOString(),
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}
