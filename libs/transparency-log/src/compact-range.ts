import { EMPTY_ROOT } from './merkle-hashes.js';
import { nodeHash } from './merkle-hashes.js';
import { foldSubtrees, perfectSubtrees, type SubtreeId } from './subtrees.js';

export interface StoredSubtree extends SubtreeId {
  hash: Buffer;
}

/**
 * The right edge of a growing tree: the perfect subtrees covering leaves [0, size), one per set
 * bit of `size`, O(log n) hashes. Appending a leaf completes zero or more subtrees, returned so
 * the sequencer stores each exactly once; the root of any size is the fold of the edge. The
 * self-audit replays the whole log through one of these.
 */
export class CompactRange {
  private constructor(
    private count: number,
    /** Hashes of `perfectSubtrees({0, count})`, largest (leftmost) first. */
    private readonly edge: Buffer[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** Resumes from the stored subtrees of `edgeOf(size)`, in that order. */
  static resume(size: number, edge: readonly Buffer[]): CompactRange {
    const expected = CompactRange.edgeOf(size).length;
    if (edge.length !== expected) throw new RangeError(`a tree of ${size} leaves has ${expected} edge subtrees, got ${edge.length}`);
    return new CompactRange(size, [...edge]);
  }

  /** Which stored subtrees a tree of `size` leaves resumes from. */
  static edgeOf(size: number): SubtreeId[] {
    return perfectSubtrees({ start: 0, end: size });
  }

  get size(): number {
    return this.count;
  }

  /** Adds the next leaf; returns every subtree it completes, the leaf itself (level 0) first. */
  append(leaf: Buffer): StoredSubtree[] {
    const index = this.count;
    const completed: StoredSubtree[] = [{ level: 0, index, hash: leaf }];
    let hash = leaf;
    let level = 0;
    // Each trailing 1 bit of the old size is a subtree of the same height waiting for a sibling.
    while (Math.floor(index / 2 ** level) % 2 === 1) {
      hash = nodeHash(this.edge.pop()!, hash);
      level++;
      completed.push({ level, index: Math.floor(index / 2 ** level), hash });
    }
    this.edge.push(hash);
    this.count++;
    return completed;
  }

  root(): Buffer {
    return this.count === 0 ? EMPTY_ROOT : foldSubtrees(this.edge);
  }
}
