import { computeEventHash, type RecordedEvent } from '#libs/event-store';
import { storedSchemaVersionMatches } from '#libs/lifecycle';
import type { StoredLeaf } from './log-tables.js';

/**
 * One stream held against its leaves: every leaf's event is still stored with the hash the leaf
 * committed to, its content still gives that hash, and the chain links. Returns what is wrong, or
 * undefined. This is the self-audit restricted to one stream, cheap enough for every verify call.
 */
export function streamMismatch(events: readonly RecordedEvent[], leaves: readonly StoredLeaf[]): string | undefined {
  const byRevision = new Map(events.map((event) => [event.revision, event]));
  for (const leaf of leaves) {
    const event = byRevision.get(leaf.revision);
    if (event === undefined) return `${leaf.streamId}@${leaf.revision} is leaf ${leaf.index} of the log but no longer stored`;
    if (event.hash !== leaf.hash || event.type !== leaf.type)
      return `${leaf.streamId}@${leaf.revision} differs from leaf ${leaf.index} of the log`;
  }
  let previous: string | null = null;
  for (const [i, event] of events.entries()) {
    if (event.revision !== i || event.previousHash !== previous)
      return `${event.streamId}@${event.revision} does not follow the revision before it`;
    if (computeEventHash(event) !== event.hash) return `${event.streamId}@${event.revision} no longer matches its hash`;
    if (!storedSchemaVersionMatches(event.type, event.data, event.metadata.schemaVersion))
      return `${event.streamId}@${event.revision} has a stored schemaVersion its data does not show`;
    previous = event.hash;
  }
  return undefined;
}
