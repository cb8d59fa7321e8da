import type { SqlExecutor } from '#libs/database';
import { computeEventHash, type EventStore, type RecordedEvent } from '#libs/event-store';
import { storedSchemaVersionMatches } from '#libs/lifecycle';
import type { Jwks } from '#libs/certificates';
import { verifyCheckpoint, type SignedCheckpoint } from '../checkpoint.js';
import { CompactRange } from '../compact-range.js';
import { leafData } from '../leaf-data.js';
import { EMPTY_ROOT, leafHash } from '../merkle-hashes.js';
import { rootHash } from '../subtree-source.js';
import {
  latestCheckpoint,
  readCheckpoints,
  readLeaves,
  readState,
  storedSubtrees,
  type CheckpointCursor,
  type StoredLeaf,
} from './log-tables.js';

export type AuditResult = { consistent: true; treeSize: number } | { consistent: false; firstBadIndex: number; detail: string };

export interface AuditProgress {
  checked: number;
  treeSize: number;
}

const PAGE = 1_000;

class Mismatch extends Error {
  constructor(
    readonly index: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** Pages of a sorted source read one after the other, handed out one item at a time. */
class Paged<T> {
  private page: T[] = [];
  private at = 0;
  private done = false;
  constructor(private readonly next: (last: T | undefined) => Promise<T[]>) {}

  async peek(): Promise<T | undefined> {
    if (this.at < this.page.length) return this.page[this.at];
    if (this.done) return undefined;
    const last = this.page.at(-1);
    this.page = await this.next(last);
    this.at = 0;
    if (this.page.length === 0) this.done = true;
    return this.page[0];
  }

  async take(): Promise<T | undefined> {
    const item = await this.peek();
    if (item !== undefined) this.at++;
    return item;
  }
}

const named = (e: { streamId: string; revision: number }) => `${e.streamId}@${e.revision}`;

/**
 * Recomputes the log from the stored events and holds it against what was stored and signed:
 * every event's own hash and chain link, every leaf, and the root at every signed checkpoint (and
 * each checkpoint's signature). It trusts neither the stored leaves nor the nodes: a stream
 * truncated, rewritten with fresh hashes, reordered or deleted, or an event whose data changed,
 * makes some leaf or some signed root disagree. O(n) reads, O(log n + streams) memory.
 */
export async function auditLog(
  db: SqlExecutor,
  store: EventStore,
  origin: string,
  jwks: Jwks,
  onProgress: (progress: AuditProgress) => void = () => undefined,
  /** Stops a long audit (process shutdown): it then throws the signal's reason. */
  signal?: AbortSignal,
): Promise<AuditResult> {
  const { treeSize } = await readState(db);
  const events = new Paged<RecordedEvent>((last) => store.readAll({ fromPosition: last?.position ?? '0', limit: PAGE }));
  const leaves = new Paged<StoredLeaf>((last) => readLeaves(db, last === undefined ? 0 : last.index + 1, PAGE));
  const checkpoints = new Paged<SignedCheckpoint & CheckpointCursor>((last) =>
    readCheckpoints(db, origin, last ?? { treeSize: -1, id: 0 }, PAGE),
  );
  const heads = new Map<string, { revision: number; hash: string }>();
  const range = CompactRange.empty();
  // The tree up to this size matched a signed checkpoint: a later mismatch lies after it.
  let vouched = 0;
  try {
    await checkCheckpointsAt(0, EMPTY_ROOT);
    for (let index = 0; index < treeSize; index++) {
      const event = await events.take();
      const leaf = await leaves.take();
      if (leaf === undefined || leaf.index !== index) throw new Mismatch(index, `leaf ${index} is missing from the stored log`);
      if (event === undefined)
        throw new Mismatch(
          index,
          `the log has ${treeSize} leaves but the store holds only ${index} events (leaf ${index} is ${named(leaf)})`,
        );
      checkEvent(index, event, leaf);
      range.append(leafHash(leafData(event)));
      await checkCheckpointsAt(index + 1, range.root());
      if ((index + 1) % PAGE === 0) signal?.throwIfAborted();
      if ((index + 1) % 100_000 === 0) onProgress({ checked: index + 1, treeSize });
    }
    const beyond = await checkpoints.peek();
    if (beyond !== undefined) throw new Mismatch(treeSize, `a checkpoint signs ${beyond.treeSize} leaves but the log holds ${treeSize}`);
    const latest = await latestCheckpoint(db, origin);
    if (latest !== undefined && (await rootHash(latest.treeSize, storedSubtrees(db))).toString('hex') !== latest.rootHash) {
      throw new Mismatch(vouched, `the stored tree nodes do not give the root signed for ${latest.treeSize} leaves`);
    }
  } catch (error) {
    if (error instanceof Mismatch) return { consistent: false, firstBadIndex: error.index, detail: error.message };
    throw error;
  }
  return { consistent: true, treeSize };

  function checkEvent(index: number, event: RecordedEvent, leaf: StoredLeaf): void {
    if (computeEventHash(event) !== event.hash)
      throw new Mismatch(index, `event ${named(event)} no longer matches its hash: its stored data or metadata changed`);
    if (!storedSchemaVersionMatches(event.type, event.data, event.metadata.schemaVersion)) {
      throw new Mismatch(
        index,
        `event ${named(event)} has a stored schemaVersion ${event.metadata.schemaVersion} its data does not show: its metadata changed`,
      );
    }
    const head = heads.get(event.streamId);
    if (event.revision !== (head === undefined ? 0 : head.revision + 1) || event.previousHash !== (head?.hash ?? null)) {
      throw new Mismatch(
        index,
        `event ${named(event)} does not follow ${head === undefined ? 'the start of its stream' : named({ streamId: event.streamId, revision: head.revision })} in the store's order`,
      );
    }
    heads.set(event.streamId, { revision: event.revision, hash: event.hash });
    if (leaf.streamId !== event.streamId || leaf.revision !== event.revision || leaf.type !== event.type || leaf.hash !== event.hash) {
      throw new Mismatch(
        index,
        `leaf ${index} is ${named(leaf)} (${leaf.hash.slice(0, 12)}…) but the store now has ${named(event)} (${event.hash.slice(0, 12)}…) there`,
      );
    }
  }

  async function checkCheckpointsAt(size: number, root: Buffer): Promise<void> {
    for (let next = await checkpoints.peek(); next !== undefined && next.treeSize === size; next = await checkpoints.peek()) {
      await checkpoints.take();
      const signature = verifyCheckpoint(next, jwks);
      if (!signature.valid) throw new Mismatch(vouched, `checkpoint ${next.id} (${size} leaves): ${signature.reason}`);
      if (next.rootHash !== root.toString('hex'))
        throw new Mismatch(vouched, `the recomputed tree of ${size} leaves does not have the root signed in checkpoint ${next.id}`);
      vouched = size;
    }
  }
}
