/** What every adapter does the same way when recording an append: checks, ids, revisions, hashes. */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '#libs/canonical-json';
import { hashWithCanonicalData } from './event-hash.js';
import { EventIdConflict, WrongExpectedRevision } from './event-store.errors.js';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent, StreamWrite } from './event-store.port.js';

/** The last event of a stream, or undefined for a stream without events. */
export type StreamHead = { revision: number; hash: string } | undefined;

export type UnplacedEvent = Omit<RecordedEvent, 'position'> & Serialized;

/** An event's data and metadata as the JSON text that is hashed and stored, made once per append. */
interface Serialized {
  /** RFC 8785 JSON: hashed as it is, and valid JSON to store. */
  dataJson: string;
  metadataJson: string;
}

type IdentifiedEvent = NewEvent & Serialized & { id: string };

/** A stream's part of an append, checked and with its event ids fixed for every retry. */
export interface PreparedWrite {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: IdentifiedEvent[];
  /** Only caller-chosen ids can already be stored; generated ones need no lookup. */
  mayBeStored: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What KurrentDB's multi-stream append takes as a record's schema name; every adapter holds to it. */
const EVENT_TYPE = /^[a-zA-Z0-9_.$:-]+$/;

export function actualRevision(head: StreamHead): number | 'no_stream' {
  return head === undefined ? 'no_stream' : head.revision;
}

export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, head: StreamHead): void {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && head === undefined) ||
    (expected === 'stream_exists' && head !== undefined) ||
    (typeof expected === 'number' && head?.revision === expected);
  if (!satisfied) throw new WrongExpectedRevision(streamId, expected, actualRevision(head));
}

export function prepareWrites(writes: readonly StreamWrite[]): PreparedWrite[] {
  validateWrites(writes);
  return writes.map((write) => ({
    streamId: write.streamId,
    expectedRevision: write.expectedRevision,
    events: identify(write.events),
    mayBeStored: write.events.some((event) => event.id !== undefined),
  }));
}

/** Rejects malformed writes before any I/O, so adapters agree on what is invalid. */
function validateWrites(writes: readonly StreamWrite[]): void {
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const { streamId, events, expectedRevision } of writes) {
    if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
    // KurrentDB refuses two requests for one stream in an append session, comparing names
    // ignoring case; refusing it everywhere keeps the adapters alike.
    const streamKey = streamId.toUpperCase();
    if (streams.has(streamKey))
      throw new TypeError(`stream ${streamId} appears twice in one appendMany (names are compared ignoring case)`);
    streams.add(streamKey);
    if (events.length === 0) throw new TypeError(`append to ${streamId} has no events`);
    if (typeof expectedRevision === 'number' && !(Number.isInteger(expectedRevision) && expectedRevision >= 0)) {
      throw new TypeError(`expectedRevision ${expectedRevision} is not a revision`);
    }
    for (const event of events) {
      if (event.id !== undefined && !UUID.test(event.id)) throw new TypeError(`event id ${event.id} is not a UUID`);
      if (event.id !== undefined && ids.has(event.id.toLowerCase()))
        throw new TypeError(`event id ${event.id} appears twice in one append`);
      if (event.id !== undefined) ids.add(event.id.toLowerCase());
      if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
        throw new TypeError(`event type ${JSON.stringify(event.type)} must be made of A-Z a-z 0-9 _ . $ : - only`);
      }
    }
  }
}

/**
 * Gives each event an id and serialises it once. Data and metadata come back parsed from that
 * text, so what the hash covers is exactly what reads return (no undefined members, no Dates,
 * no prototypes).
 */
function identify(events: readonly NewEvent[]): IdentifiedEvent[] {
  return events.map((event) => {
    const dataJson = canonicalJson(event.data);
    const metadataJson = JSON.stringify(event.metadata);
    return {
      id: event.id?.toLowerCase() ?? randomUUID(),
      type: event.type,
      data: JSON.parse(dataJson) as Record<string, unknown>,
      metadata: JSON.parse(metadataJson) as NewEvent['metadata'],
      dataJson,
      metadataJson,
    };
  });
}

/** The events as the stream records them: revisions after `head`, each hash chained to the last. */
export function chain(streamId: string, events: readonly IdentifiedEvent[], head: StreamHead, recordedAt: string): UnplacedEvent[] {
  let revision = head === undefined ? -1 : head.revision;
  let previousHash = head?.hash ?? null;
  return events.map(({ id, type, data, metadata, dataJson, metadataJson }) => {
    revision += 1;
    const hash = hashWithCanonicalData({ streamId, revision, type, metadata, recordedAt, previousHash }, dataJson);
    const recorded = { id, type, data, metadata, streamId, revision, recordedAt, previousHash, hash, dataJson, metadataJson };
    previousHash = hash;
    return recorded;
  });
}

/** The recorded event at its position, without the serialised text it was stored from. */
export function placed(event: UnplacedEvent, position: string): RecordedEvent {
  const { id, streamId, type, data, metadata, revision, recordedAt, hash, previousHash } = event;
  return { id, streamId, type, data, metadata, revision, position, recordedAt, hash, previousHash };
}

/**
 * True when `stored` (events found in the target stream, in revision order) is this very append,
 * at a place its expectation allows: a retry, answered from storage without writing.
 */
function isStoredAppend(expected: ExpectedRevision, ids: readonly string[], stored: readonly { id: string; revision: number }[]): boolean {
  if (stored.length !== ids.length) return false;
  const first = stored[0]?.revision;
  const inOrder = stored.every((event, i) => event.id === ids[i] && event.revision === first + i);
  const placed = typeof expected === 'number' ? first === expected + 1 : expected === 'no_stream' ? first === 0 : true;
  return inOrder && placed;
}

/** Where an event id is stored already. */
export interface StoredId {
  id: string;
  streamId: string;
  revision: number;
}

/**
 * Some ids of `write` are stored already (`stored`, in revision order): returns them when they are
 * this very append at a place its expectation allows (a retry, answered from storage); otherwise
 * the expectation is checked against `head`, and if it holds, the ids sit elsewhere and storing
 * them again would duplicate them.
 */
export function storedRetry(write: PreparedWrite, stored: readonly StoredId[], head: StreamHead): StoredId[] {
  const ids = write.events.map((event) => event.id);
  const here = stored.filter((found) => found.streamId === write.streamId);
  if (here.length === stored.length && isStoredAppend(write.expectedRevision, ids, here)) return here;
  checkExpectedRevision(write.streamId, write.expectedRevision, head);
  throw new EventIdConflict(stored[0].id, write.streamId);
}

export function toAppendResult(events: RecordedEvent[]): AppendResult {
  const last = events[events.length - 1];
  return { revision: last.revision, position: last.position, events };
}
