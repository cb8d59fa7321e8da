import { nodeHash } from './merkle-hashes.js';

/**
 * A perfect subtree of 2^level leaves starting at leaf `index * 2^level`. Every node the log
 * stores is one of these; any range of an RFC 9162 tree is a left-to-right run of them.
 */
export interface SubtreeId {
  level: number;
  index: number;
}

/** Leaves [start, end): half-open, as the RFC writes D[start:end]. */
export interface LeafRange {
  start: number;
  end: number;
}

export const subtreeKey = ({ level, index }: SubtreeId) => `${level}/${index}`;

/**
 * The perfect, aligned subtrees covering [start, end), largest first: the greedy split is also
 * how RFC 9162 splits a right edge, so folding their hashes right to left gives MTH(D[start:end])
 * for every range a proof uses.
 */
export function perfectSubtrees({ start, end }: LeafRange): SubtreeId[] {
  const out: SubtreeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    out.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return out;
}

/** Folds perfect subtree hashes (left to right, largest first) into the hash of their range. */
export function foldSubtrees(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) throw new RangeError('an empty range has no subtree hash');
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i], hash);
  return hash;
}
