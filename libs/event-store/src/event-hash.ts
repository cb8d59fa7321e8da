import { createHash } from 'node:crypto';
import { canonicalJson } from '#libs/canonical-json';
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
  return hashWithCanonicalData(event, canonicalJson(event.data));
}

/** For the plain strings of the envelope, JSON.stringify is JCS; anything else goes to the library. */
const SURROGATE = /[\uD800-\uDFFF]/;
const jcs = (value: unknown) => (typeof value === 'string' && !SURROGATE.test(value) ? JSON.stringify(value) : canonicalJson(value));

/**
 * The same hash, for an appender that already holds `data` as canonical JSON: JCS is
 * compositional, so the envelope is its other members, in JCS key order (UTF-16 code units),
 * around that text. A property test pins it to the library's JCS of the whole envelope.
 */
export function hashWithCanonicalData(event: Omit<HashedEvent, 'data'>, canonicalData: string): string {
  const { occurredAt, actor } = event.metadata;
  const envelope =
    `{"actor":${canonicalJson(actor ?? null)},"data":${canonicalData}` +
    (occurredAt === undefined ? '' : `,"occurredAt":${jcs(occurredAt)}`) +
    `,"recordedAt":${jcs(event.recordedAt)},"revision":${canonicalJson(event.revision)}` +
    `,"streamId":${jcs(event.streamId)},"type":${jcs(event.type)}}`;
  return createHash('sha256')
    .update((event.previousHash ?? '') + envelope, 'utf8')
    .digest('hex');
}
