import { splitPoint } from './merkle-hashes.js';
import type { LeafRange } from './subtrees.js';

/**
 * The ranges whose hashes make up PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), in proof order
 * (leaf to root). Requires 0 ≤ index < size.
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`no inclusion proof for leaf ${index} in a tree of ${size}`);
  }
  const fromRoot: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      fromRoot.push({ start: start + k, end });
      end = start + k;
    } else {
      fromRoot.push({ start, end: start + k });
      start += k;
    }
  }
  return fromRoot.reverse();
}

/**
 * The ranges whose hashes make up PROOF(from, D[0:to]) (RFC 9162 §2.1.4.1), in proof order.
 * Requires 0 < from ≤ to; the proof between equal sizes is empty.
 */
export function consistencyRanges(from: number, to: number): LeafRange[] {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from > 0 && from <= to)) {
    throw new RangeError(`no consistency proof from ${from} to ${to}`);
  }
  const fromRoot: LeafRange[] = [];
  let start = 0;
  let end = to;
  let m = from;
  // SUBPROOF's flag: whether the subtree is still the old tree's root itself (then it is implied).
  let wholeOldTree = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      fromRoot.push({ start: start + k, end });
      end = start + k;
    } else {
      fromRoot.push({ start, end: start + k });
      start += k;
      m -= k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) fromRoot.push({ start, end });
  return fromRoot.reverse();
}
