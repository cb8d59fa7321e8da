import type { SqlExecutor } from '#libs/database';
import type { SignedCheckpoint } from '../checkpoint.js';
import type { LeafEntry } from '../leaf-data.js';
import type { StoredSubtree } from '../compact-range.js';
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

export async function readState(db: SqlExecutor, forUpdate = false): Promise<LogState> {
  const { rows } = await db.query<{ origin: string; tree_size: number; last_position: string }>(
    `select origin, tree_size, last_position from log_state ${forUpdate ? 'for update' : ''}`,
  );
  if (rows.length === 0) throw new Error('the transparency log is not initialised');
  return { origin: rows[0].origin, treeSize: rows[0].tree_size, lastPosition: rows[0].last_position };
}

/** Stored subtree hashes, all in one statement. */
export function storedSubtrees(db: SqlExecutor): SubtreeSource {
  return async (ids: readonly SubtreeId[]) => {
    const found = new Map<string, Buffer>();
    if (ids.length === 0) return found;
    const { rows } = await db.query<{ level: number; node_index: number; hash: Uint8Array }>(
      `select n.level, n.node_index, n.hash from unnest($1::smallint[], $2::bigint[]) as k(level, node_index)
       join log_nodes n on n.level = k.level and n.node_index = k.node_index`,
      [ids.map((id) => id.level), ids.map((id) => id.index)],
    );
    for (const row of rows) found.set(subtreeKey({ level: row.level, index: row.node_index }), Buffer.from(row.hash));
    return found;
  };
}

export async function insertLeaves(tx: SqlExecutor, leaves: readonly StoredLeaf[], nodes: readonly StoredSubtree[]): Promise<void> {
  await tx.query(
    `insert into log_leaves (leaf_index, position, stream_id, revision, type, hash)
     select * from unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[])`,
    [leaves.map((l) => l.index), leaves.map((l) => l.position), leaves.map((l) => l.streamId), leaves.map((l) => l.revision), leaves.map((l) => l.type), leaves.map((l) => l.hash)],
  );
  await tx.query(
    `insert into log_nodes (level, node_index, hash)
     select level, node_index, decode(hash, 'hex') from unnest($1::smallint[], $2::bigint[], $3::text[]) as n(level, node_index, hash)`,
    [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash.toString('hex'))],
  );
}

export async function advanceState(tx: SqlExecutor, treeSize: number, lastPosition: string): Promise<void> {
  await tx.query('update log_state set tree_size = $1, last_position = $2', [treeSize, lastPosition]);
}

interface LeafRow {
  leaf_index: number;
  position: string;
  stream_id: string;
  revision: number;
  type: string;
  hash: string;
}

const toLeaf = (row: LeafRow): StoredLeaf => ({ index: row.leaf_index, position: row.position, streamId: row.stream_id, revision: row.revision, type: row.type, hash: row.hash });

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

const toCheckpoint = (origin: string) => (row: CheckpointRow): SignedCheckpoint => ({
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
  const { rows } = await db.query<CheckpointRow>('select tree_size, root_hash, issued_at, key_id, signature, text from log_checkpoints order by tree_size desc, id desc limit 1');
  return rows.map(toCheckpoint(origin))[0];
}

export interface CheckpointCursor {
  treeSize: number;
  id: number;
}

/** Every signed checkpoint in tree order, a page at a time (the audit compares each with the recomputed tree). */
export async function readCheckpoints(db: SqlExecutor, origin: string, after: CheckpointCursor, limit: number): Promise<(SignedCheckpoint & CheckpointCursor)[]> {
  const { rows } = await db.query<CheckpointRow & { id: number }>(
    `select id, tree_size, root_hash, issued_at, key_id, signature, text from log_checkpoints
     where (tree_size, id) > ($1, $2) order by tree_size, id limit $3`,
    [after.treeSize, after.id, limit],
  );
  return rows.map((row) => ({ ...toCheckpoint(origin)(row), id: row.id }));
}

export async function countCheckpoints(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ count: number }>('select count(*)::int as count from log_checkpoints');
  return rows[0].count;
}
