import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not where the writer expected it; nothing was written. */
export class WrongExpectedRevision extends Error {
  override readonly name = 'WrongExpectedRevision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or 'no_stream' when the stream does not exist. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFound extends Error {
  override readonly name = 'StreamNotFound';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
  }
}

/**
 * An event id of this append is already stored, but not as this very append (another stream, or
 * only some of the ids): a client reused an id for a different event. Nothing was written.
 */
export class EventIdConflict extends Error {
  override readonly name = 'EventIdConflict';
  constructor(
    readonly eventId: string,
    /** The stream the append targeted. */
    readonly streamId: string,
  ) {
    super(`event ${eventId} is already stored elsewhere; not appending it to ${streamId}`);
  }
}
