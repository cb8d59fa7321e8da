import type { SqlExecutor } from '#libs/database';
import type { SignedCheckpoint } from '../checkpoint.js';
import { CompactRange, type StoredSubtree } from '../compact-range.js';
import { leafData, type LeafEntry } from '../leaf-data.js';
import { leafHash } from '../merkle-hashes.js';
import type { SubtreeSource } from '../subtree-source.js';
import { subtreeKey, type SubtreeId } from '../subtrees.js';

export interface LogState {
  origin: string;
  treeSize: number;
  lastPosition: string;
}

export interface StoredLeaf extends LeafEntry {
  index: number;
  position: string;
}

export async function initialiseState(db: SqlExecutor, origin: string): Promise<LogState> {
  await db.query(`insert into log_state (origin, tree_size, last_position) values ($1, 0, '0') on conflict do nothing`, [origin]);
  return readState(db);
}

export async function readState(db: SqlExecutor): Promise<LogState> {
  const { rows } = await db.query<{ origin: string; tree_size: number; last_position: string }>(
    'select origin, tree_size, last_position from log_state',
  );
  if (rows.length === 0) throw new Error('the transparency log is not initialised');
  return { origin: rows[0].origin, treeSize: rows[0].tree_size, lastPosition: rows[0].last_position };
}

/**
 * Subtrees below this level are not stored: their hash is recomputed from their at most 2^3 = 8
 * leaves, at most 15 leaf rows for all the lower levels of a proof. That spares the append path
 * the ~2 node rows per event that storing every level costs (2^(1 - level) rows per event remain).
 */
export const LOWEST_STORED_LEVEL = 4;

interface SubtreeRow {
  level: number;
  node_index: number;
  /** A stored node's hash, or null for a leaf of a subtree below LOWEST_STORED_LEVEL. */
  hash: Uint8Array | null;
  stream_id: string | null;
  revision: number | null;
  type: string | null;
  leaf_hash: string | null;
}

/** Subtree hashes, all in one statement: stored nodes, and the lower subtrees from their leaves. */
export function storedSubtrees(db: SqlExecutor): SubtreeSource {
  return async (ids: readonly SubtreeId[]) => {
    const found = new Map<string, Buffer>();
    if (ids.length === 0) return found;
    const { rows } = await db.query<SubtreeRow>(
      `with k as (select * from unnest($1::smallint[], $2::bigint[]) as k(level, node_index))
       select k.level, k.node_index, n.hash, null as stream_id, null::integer as revision, null as type, null as leaf_hash, 0::bigint as leaf_index
         from k join log_nodes n on n.level = k.level and n.node_index = k.node_index where k.level >= $3
       union all
       select k.level, k.node_index, null, l.stream_id, l.revision, l.type, l.hash, l.leaf_index
         from k join log_leaves l on l.leaf_index >= (k.node_index << k.level::integer) and l.leaf_index < ((k.node_index + 1) << k.level::integer)
         where k.level < $3
       order by 1, 2, 8`,
      [ids.map((id) => id.level), ids.map((id) => id.index), LOWEST_STORED_LEVEL],
    );
    const lower = new Map<string, { level: number; range: CompactRange }>();
    for (const row of rows) {
      const key = subtreeKey({ level: row.level, index: row.node_index });
      if (row.hash !== null) {
        found.set(key, Buffer.from(row.hash));
        continue;
      }
      const subtree = lower.get(key) ?? { level: row.level, range: CompactRange.empty() };
      lower.set(key, subtree);
      subtree.range.append(
        leafHash(leafData({ streamId: row.stream_id!, revision: row.revision!, type: row.type!, hash: row.leaf_hash! })),
      );
    }
    // A subtree short of leaves is missing, not guessed: the caller refuses to build on it.
    for (const [key, { level, range }] of lower) if (range.size === 2 ** level) found.set(key, range.root());
    return found;
  };
}

/**
 * Adds a batch of leaves and the nodes they complete and moves the state, all in one statement
 * that applies only while the state still is `expected`: a compare-and-set on the `log_state`
 * row, so a sequencer that lost the race to another process (whose update it waited for) matches
 * nothing and inserts nothing. One round trip per batch keeps the log's share of the connection
 * pool the appends use small. Returns whether it applied.
 */
export async function appendBatch(
  db: SqlExecutor,
  expected: LogState,
  leaves: readonly StoredLeaf[],
  completed: readonly StoredSubtree[],
  next: Omit<LogState, 'origin'>,
): Promise<boolean> {
  const nodes = completed.filter(({ level }) => level >= LOWEST_STORED_LEVEL);
  const { rows } = await db.query<{ applied: boolean }>(
    `with moved as (
       update log_state set tree_size = $1, last_position = $2 where tree_size = $3 and last_position = $4 returning 1
     ), leaves as (
       insert into log_leaves (leaf_index, position, stream_id, revision, type, hash)
       select * from unnest($5::bigint[], $6::text[], $7::text[], $8::integer[], $9::text[], $10::text[]) where exists (select 1 from moved)
     ), nodes as (
       insert into log_nodes (level, node_index, hash)
       select level, node_index, decode(hash, 'hex') from unnest($11::smallint[], $12::bigint[], $13::text[]) as n(level, node_index, hash)
       where exists (select 1 from moved)
     )
     select exists (select 1 from moved) as applied`,
    [
      next.treeSize,
      next.lastPosition,
      expected.treeSize,
      expected.lastPosition,
      leaves.map((l) => l.index),
      leaves.map((l) => l.position),
      leaves.map((l) => l.streamId),
      leaves.map((l) => l.revision),
      leaves.map((l) => l.type),
      leaves.map((l) => l.hash),
      nodes.map((n) => n.level),
      nodes.map((n) => n.index),
      nodes.map((n) => n.hash.toString('hex')),
    ],
  );
  return rows[0].applied;
}

interface LeafRow {
  leaf_index: number;
  position: string;
  stream_id: string;
  revision: number;
  type: string;
  hash: string;
}

const toLeaf = (row: LeafRow): StoredLeaf => ({
  index: row.leaf_index,
  position: row.position,
  streamId: row.stream_id,
  revision: row.revision,
  type: row.type,
  hash: row.hash,
});

export async function readLeaves(db: SqlExecutor, start: number, limit: number): Promise<StoredLeaf[]> {
  const { rows } = await db.query<LeafRow>(
    'select leaf_index, position, stream_id, revision, type, hash from log_leaves where leaf_index >= $1 order by leaf_index limit $2',
    [start, limit],
  );
  return rows.map(toLeaf);
}

export async function findLeaf(db: SqlExecutor, streamId: string, revision: number): Promise<StoredLeaf | undefined> {
  const { rows } = await db.query<LeafRow>(
    'select leaf_index, position, stream_id, revision, type, hash from log_leaves where stream_id = $1 and revision = $2',
    [streamId, revision],
  );
  return rows.length === 0 ? undefined : toLeaf(rows[0]);
}

export async function streamLeaves(db: SqlExecutor, streamId: string): Promise<StoredLeaf[]> {
  const { rows } = await db.query<LeafRow>(
    'select leaf_index, position, stream_id, revision, type, hash from log_leaves where stream_id = $1 order by revision',
    [streamId],
  );
  return rows.map(toLeaf);
}

interface CheckpointRow {
  tree_size: number;
  root_hash: string;
  issued_at: Date;
  key_id: string;
  signature: string;
  text: string;
}

const toCheckpoint =
  (origin: string) =>
  (row: CheckpointRow): SignedCheckpoint => ({
    origin,
    treeSize: row.tree_size,
    rootHash: row.root_hash,
    issuedAt: row.issued_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature,
    text: row.text,
  });

export async function insertCheckpoint(db: SqlExecutor, checkpoint: SignedCheckpoint): Promise<void> {
  await db.query('insert into log_checkpoints (tree_size, root_hash, issued_at, key_id, signature, text) values ($1, $2, $3, $4, $5, $6)', [
    checkpoint.treeSize,
    checkpoint.rootHash,
    checkpoint.issuedAt,
    checkpoint.keyId,
    checkpoint.signature,
    checkpoint.text,
  ]);
}

/** The largest signed tree (two processes may sign out of order; the larger tree is the latest). */
export async function latestCheckpoint(db: SqlExecutor, origin: string): Promise<SignedCheckpoint | undefined> {
  const { rows } = await db.query<CheckpointRow>(
    'select tree_size, root_hash, issued_at, key_id, signature, text from log_checkpoints order by tree_size desc, id desc limit 1',
  );
  return rows.map(toCheckpoint(origin))[0];
}

export interface CheckpointCursor {
  treeSize: number;
  id: number;
}

/** Every signed checkpoint in tree order, a page at a time (the audit compares each with the recomputed tree). */
export async function readCheckpoints(
  db: SqlExecutor,
  origin: string,
  after: CheckpointCursor,
  limit: number,
): Promise<(SignedCheckpoint & CheckpointCursor)[]> {
  const { rows } = await db.query<CheckpointRow & { id: number }>(
    `select id, tree_size, root_hash, issued_at, key_id, signature, text from log_checkpoints
     where (tree_size, id) > ($1, $2) order by tree_size, id limit $3`,
    [after.treeSize, after.id, limit],
  );
  return rows.map((row) => ({ ...toCheckpoint(origin)(row), id: row.id }));
}
