import { CompactRange } from './compact-range.js';
import type { SubtreeSource } from './subtree-source.js';
import { subtreeKey } from './subtrees.js';

/**
 * Every perfect subtree of a tree held in memory: the same SubtreeSource the stored log offers,
 * for tests and offline tools that rebuild a log from its entries.
 */
export class MemoryTree {
  private readonly range = CompactRange.empty();
  private readonly nodes = new Map<string, Buffer>();

  constructor(leafHashes: Iterable<Buffer> = []) {
    for (const leaf of leafHashes) this.append(leaf);
  }

  get size(): number {
    return this.range.size;
  }

  append(leaf: Buffer): void {
    for (const node of this.range.append(leaf)) this.nodes.set(subtreeKey(node), node.hash);
  }

  readonly source: SubtreeSource = async (ids) => {
    const found = new Map<string, Buffer>();
    for (const id of ids) {
      const hash = this.nodes.get(subtreeKey(id));
      if (hash !== undefined) found.set(subtreeKey(id), hash);
    }
    return found;
  };
}
