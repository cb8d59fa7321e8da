import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { RecordedEvent } from './event-store.port.js';

/** What the hash covers: a RecordedEvent fits, so audits can recompute a chain from reads. */
export type HashedEvent = Pick<RecordedEvent, 'streamId' | 'revision' | 'type' | 'data' | 'recordedAt' | 'previousHash'> & {
  metadata: Pick<RecordedEvent['metadata'], 'occurredAt' | 'actor'>;
};

/**
 * The event's link in its stream's hash chain (shared/api.md): lowercase hex SHA-256 of
 * `(previousHash ?? "") + JCS({streamId, revision, type, occurredAt, recordedAt, actor, data})`.
 */
export function computeEventHash(event: HashedEvent): string {
  const canonical = canonicalize({
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor ?? null,
    data: event.data,
  });
  if (canonical === undefined) throw new TypeError(`event ${event.streamId}@${event.revision} is not JSON`);
  return createHash('sha256')
    .update((event.previousHash ?? '') + canonical, 'utf8')
    .digest('hex');
}
