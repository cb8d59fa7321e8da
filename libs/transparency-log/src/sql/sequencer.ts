import type { Database } from '#libs/database';
import type { EventStore, RecordedEvent } from '#libs/event-store';
import { CompactRange, type StoredSubtree } from '../compact-range.js';
import { leafData } from '../leaf-data.js';
import { leafHash } from '../merkle-hashes.js';
import { appendBatch, readState, storedSubtrees, type LogState, type StoredLeaf } from './log-tables.js';

export interface SequencedBatch {
  treeSize: number;
  added: number;
}

/**
 * Turns events into leaves in global position order. The events come from `readAll`, which only
 * returns what lies below the store's visibility horizon (the rule subscriptions follow), so no
 * earlier position can commit after a later one became a leaf. Every batch is one statement that
 * compares the log's size and last position with what the batch was built on (`appendBatch`):
 * any number of processes can run this, each event still becomes exactly one leaf, with no gap.
 */
export class LogSequencer {
  /** The state and right edge of the tree as this process last left them; reloaded when another process moved on. */
  private state: LogState | undefined;
  private range: CompactRange | undefined;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly batchSize: number,
  ) {}

  /** Sequences at most one batch; `added` is 0 when there was nothing new (or another process won). */
  async step(): Promise<SequencedBatch> {
    const state = this.state ?? (await readState(this.db));
    const events = await this.store.readAll({ fromPosition: state.lastPosition, limit: this.batchSize });
    if (events.length === 0) return { treeSize: state.treeSize, added: 0 };
    const range = await this.edgeAt(state.treeSize);
    const leaves: StoredLeaf[] = [];
    const nodes: StoredSubtree[] = [];
    for (const event of events) {
      const leaf = toLeaf(event, range.size);
      leaves.push(leaf);
      nodes.push(...range.append(leafHash(leafData(leaf))));
    }
    const next = { origin: state.origin, treeSize: range.size, lastPosition: events[events.length - 1].position };
    let applied = false;
    try {
      applied = await appendBatch(this.db, state, leaves, nodes, next);
    } finally {
      // Lost to another process, or failed: start again from what is stored.
      this.state = applied ? next : undefined;
      if (!applied) this.range = undefined;
    }
    return applied ? { treeSize: next.treeSize, added: leaves.length } : { treeSize: state.treeSize, added: 0 };
  }

  private async edgeAt(size: number): Promise<CompactRange> {
    if (this.range?.size === size) return this.range;
    const edge = CompactRange.edgeOf(size);
    const stored = await storedSubtrees(this.db)(edge);
    this.range = CompactRange.resume(
      size,
      edge.map(({ level, index }) => {
        const hash = stored.get(`${level}/${index}`);
        if (hash === undefined) throw new Error(`log node ${level}/${index} is missing: the stored tree is damaged`);
        return hash;
      }),
    );
    return this.range;
  }
}

export function toLeaf(event: RecordedEvent, index: number): StoredLeaf {
  return { index, position: event.position, streamId: event.streamId, revision: event.revision, type: event.type, hash: event.hash };
}
