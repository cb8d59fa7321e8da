/**
 * The event-store port: the only way code touches events. Adapters: PGlite, PostgreSQL, KurrentDB.
 * Revisions are per stream and start at 0. Positions are global, opaque decimal strings that
 * compare numerically (use `comparePositions`), strictly increasing in the order subscribers see.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface Actor {
  /** Non-secret key identifier (fingerprint of the API key), or a system name. */
  keyId: string;
  roles: string[];
  /**
   * The person or machine holding a named key (API_KEYS_FILE), and their organisation. Absent
   * on events recorded with unnamed keys and on every event from before named keys existed:
   * the hash covers the actor as stored, so those hashes are unchanged.
   */
  name?: string;
  organisationId?: string;
}

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: Actor;
  /** When it happened in the world (ISO 8601 UTC); distinct from `recordedAt`. */
  occurredAt: string;
  schemaVersion: number;
}

export interface NewEvent<Data = Record<string, unknown>> {
  /** UUID; generated when absent. Re-appending a stored id at the same place is a no-op. */
  id?: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Data = Record<string, unknown>> {
  id: string;
  streamId: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
  revision: number;
  position: string;
  /** When the store recorded it (ISO 8601 UTC, millisecond precision). */
  recordedAt: string;
  /** Hash chain per shared/api.md: sha256(previousHash ?? "" + JCS({streamId, revision, type, occurredAt, recordedAt, actor, data})). */
  hash: string;
  previousHash: string | null;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event of this append (the stream's current revision). */
  revision: number;
  /** Global position of the last event of this append. */
  position: string;
  events: RecordedEvent[];
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamWrite {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

export interface EventFilter {
  streamPrefix?: string;
  eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit for the start. */
  fromPosition?: string;
  limit?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: the last position already processed. Omit for the start. */
  fromPosition?: string;
  filter?: EventFilter;
  signal?: AbortSignal;
}

export interface EventStore {
  readonly kind: 'pglite' | 'postgres' | 'kurrentdb';
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * All writes commit together or none does (cross-stream rules such as "a slot holds one battery"
   * rely on it). Any wrong expectation throws WrongExpectedRevision naming that stream.
   */
  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]>;
  /** Throws StreamNotFound when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up, then follows live; never skips an event committed late by a concurrent writer. */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Position of the newest event visible to subscribers ("0" when empty). */
  headPosition(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Told what the store wrote, for metrics; the store knows nothing of where the figures go. Called
 * after the write succeeded, synchronously: an observer must not throw or block.
 */
export interface AppendObserver {
  /** One `append`/`appendMany` stored, with this many events (all streams together). */
  appended?(events: number): void;
  /** The SQL store's group commit wrote one INSERT carrying this many appends and events (1 append: nothing merged). */
  committed?(appends: number, events: number): void;
}
