import { EMPTY_ROOT } from './merkle-hashes.js';
import { consistencyRanges, inclusionRanges } from './proof-ranges.js';
import { foldSubtrees, perfectSubtrees, subtreeKey, type LeafRange, type SubtreeId } from './subtrees.js';

/**
 * Where perfect subtree hashes come from: the log's stored nodes (one query for all of them), or
 * an in-memory tree. Throws when one is missing: a proof must never be built from a guess.
 */
export type SubtreeSource = (ids: readonly SubtreeId[]) => Promise<ReadonlyMap<string, Buffer>>;

/**
 * The hashes of several ranges with one call to the source: O(log n) perfect subtrees for the
 * ranges of one proof, whatever the tree's size.
 */
export async function rangeHashes(ranges: readonly LeafRange[], source: SubtreeSource): Promise<Buffer[]> {
  const parts = ranges.map(perfectSubtrees);
  const found = await source(parts.flat());
  return parts.map((ids) =>
    foldSubtrees(
      ids.map((id) => {
        const hash = found.get(subtreeKey(id));
        if (hash === undefined) throw new Error(`subtree ${subtreeKey(id)} is not stored`);
        return hash;
      }),
    ),
  );
}

export async function rootHash(size: number, source: SubtreeSource): Promise<Buffer> {
  if (size === 0) return EMPTY_ROOT;
  const [root] = await rangeHashes([{ start: 0, end: size }], source);
  return root;
}

export function inclusionProof(index: number, size: number, source: SubtreeSource): Promise<Buffer[]> {
  return rangeHashes(inclusionRanges(index, size), source);
}

export function consistencyProof(from: number, to: number, source: SubtreeSource): Promise<Buffer[]> {
  return rangeHashes(consistencyRanges(from, to), source);
}
