/** Translation between the port's shapes and KurrentDB's: positions, filters, event metadata. */
import {
  eventTypeFilter,
  jsonEvent,
  NO_STREAM,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type EventData,
  type Filter,
  type Position,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { EventFilter, EventMetadata, RecordedEvent } from '../event-store.port.js';
import type { StoredId, StreamHead } from '../recording.js';

const PREPARE_BITS = 64n;
const PREPARE_MASK = (1n << PREPARE_BITS) - 1n;

/**
 * {commit, prepare} as one decimal number, commit in the high bits: numeric order is the log's
 * (commit, prepare) order, and every event has its own pair, so positions strictly increase.
 */
export function encodePosition({ commit, prepare }: Position): string {
  return ((commit << PREPARE_BITS) | prepare).toString();
}

export function decodePosition(position: string): Position {
  const value = BigInt(position);
  return { commit: value >> PREPARE_BITS, prepare: value & PREPARE_MASK };
}

/**
 * Where caller-chosen event ids are recorded, one stream per id (`idem/<id>`), appended with
 * `NO_STREAM` in the same multi-stream append as the events: a second append of a stored id is
 * refused by the server whatever revision it targets. `/` never occurs in a battery id, so no
 * stream of the application can fall in this namespace.
 */
const ID_MARKER_PREFIX = 'idem/';
const ID_MARKER_TYPE = 'EventIdRecorded';

export const idMarkerStream = (eventId: string) => `${ID_MARKER_PREFIX}${eventId}`;
export const isIdMarkerStream = (streamId: string) => streamId.startsWith(ID_MARKER_PREFIX);

/** System streams and the id markers: the adapter's own, never shown through the port. */
export const isHiddenStream = (streamId: string) => streamId.startsWith('$') || isIdMarkerStream(streamId);

/** Every stream but the hidden ones, by stream name (a type filter lets system streams' events through). */
export const visibleStreams = (): Filter => streamNameFilter({ regex: `^(?!\\$|${ID_MARKER_PREFIX})` });

/** The marker of the event recorded at `revision` of `streamId`. */
export function idMarker(streamId: string, revision: number): EventData {
  return jsonEvent({ type: ID_MARKER_TYPE, data: { streamId, revision } });
}

/** Where the marker of `eventId` says its event is. */
export function storedIdOf(eventId: string, marker: ResolvedEvent | AllStreamResolvedEvent): StoredId {
  const { streamId, revision } = decodeJson(marker.event?.data) as { streamId: string; revision: number };
  return { id: eventId, streamId, revision };
}

export function streamStateOf(head: StreamHead): AppendStreamState {
  return head === undefined ? NO_STREAM : BigInt(head.revision);
}

/**
 * The server filters what it can (one filter per read); `accepts` re-checks everything, and drops
 * the hidden streams, which the port never exposes.
 */
export function toKurrentFilter({ streamPrefix, eventTypes }: EventFilter = {}): {
  server: Filter;
  accepts(event: RecordedEvent): boolean;
} {
  const types = eventTypes && eventTypes.length > 0 ? new Set(eventTypes) : undefined;
  const server = streamPrefix
    ? streamNameFilter({ prefixes: [streamPrefix] })
    : types
      ? eventTypeFilter({ regex: `^(?:${[...types].map(escapeRegex).join('|')})$` })
      : visibleStreams();
  return {
    server,
    accepts: (event) =>
      !isHiddenStream(event.streamId) &&
      (streamPrefix === undefined || event.streamId.startsWith(streamPrefix)) &&
      (types === undefined || types.has(event.type)),
  };
}

/**
 * The append-time facts travel in the event's metadata. Values are strings because KurrentDB's
 * multi-stream append only takes string properties; one encoding serves both append paths.
 */
export function toEventData(event: Omit<RecordedEvent, 'position'>): EventData {
  const { metadata } = event;
  const properties: Record<string, string | undefined> = {
    occurredAt: metadata.occurredAt,
    schemaVersion: String(metadata.schemaVersion),
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actor: metadata.actor && JSON.stringify(metadata.actor),
    recordedAt: event.recordedAt,
    hash: event.hash,
    previousHash: event.previousHash ?? undefined,
  };
  const defined = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined)) as Record<string, string>;
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: defined });
}

/** A stored event in the port's shape; undefined for links and the hidden streams' events. */
export function fromResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const stored = resolved.event;
  if (!stored || isHiddenStream(stored.streamId)) return undefined;
  if (!stored.position) throw new Error('KurrentDB returned an event without a position; the server is older than 22.6');
  const properties = decodeJson(stored.metadata) as Record<string, unknown>;
  const text = (key: string) => (properties[key] === undefined || properties[key] === null ? undefined : String(properties[key]));
  const actor = text('actor');
  const metadata: EventMetadata = {
    occurredAt: text('occurredAt')!,
    schemaVersion: Number(text('schemaVersion')),
    ...(text('correlationId') !== undefined && { correlationId: text('correlationId') }),
    ...(text('causationId') !== undefined && { causationId: text('causationId') }),
    ...(actor !== undefined && { actor: JSON.parse(actor) as EventMetadata['actor'] }),
  };
  return {
    id: stored.id,
    streamId: stored.streamId,
    type: stored.type,
    data: decodeJson(stored.data) as Record<string, unknown>,
    metadata,
    revision: Number(stored.revision),
    position: encodePosition(stored.position),
    recordedAt: text('recordedAt')!,
    hash: text('hash')!,
    previousHash: text('previousHash') ?? null,
  };
}

/** The log position of a read record, as the port encodes it. */
export function positionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): string | undefined {
  const position = resolved.event?.position ?? resolved.link?.position;
  return position && encodePosition(position);
}

/** Records appended through the v2 protocol may come back as bytes rather than parsed JSON. */
function decodeJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return value.length === 0 ? {} : JSON.parse(Buffer.from(value).toString('utf8'));
  return value ?? {};
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
