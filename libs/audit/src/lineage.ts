import type { PassportStatus } from '#libs/lifecycle';
import type { Lineage, LineageNode } from './audit-types.js';

/** What one battery's own records say about its links; `status` is null when it is not registered here. */
export interface LineageFacts {
  status: PassportStatus | null;
  /** Named by the battery itself when it was registered. */
  predecessorIds: readonly string[];
  /** Named by the battery's own second-life events (repurposed or remanufactured into). */
  successorIds: readonly string[];
  /** Batteries registered naming this one among their predecessorIds. */
  namedBy: readonly string[];
}

export type LineageLookup = (batteryId: string) => Promise<LineageFacts>;
export type LineageDirection = 'predecessors' | 'successors';

export interface LineageLimits {
  /** Levels below the battery asked about, per direction. */
  maxDepth: number;
  /** Nodes per direction. */
  maxNodes: number;
}

export const LINEAGE_LIMITS: LineageLimits = { maxDepth: 32, maxNodes: 1000 };

/**
 * Walks predecessors and successors of a battery. Each battery is expanded at most once per
 * direction, which makes the walk finish on cycles (registration does not forbid them) and keeps
 * shared ancestors from multiplying. Undefined when the battery itself is not registered.
 */
export async function traceLineage(
  batteryId: string,
  lookup: LineageLookup,
  limits: LineageLimits = LINEAGE_LIMITS,
): Promise<Lineage | undefined> {
  const facts = memoize(lookup);
  const root = await facts(batteryId);
  if (root.status === null) return undefined;
  const [predecessors, successors] = await Promise.all([
    expand(batteryId, root, 'predecessors', facts, limits),
    expand(batteryId, root, 'successors', facts, limits),
  ]);
  return { batteryId, status: root.status, predecessors, successors };
}

interface Pending {
  batteryId: string;
  parentId: string;
  parent: LineageFacts;
  depth: number;
  /** The parent's branch this node joins. */
  into: LineageNode[];
}

/** Breadth first, so the size limit cuts the far ends of the tree rather than all but one branch. */
async function expand(
  rootId: string,
  root: LineageFacts,
  direction: LineageDirection,
  lookup: LineageLookup,
  limits: LineageLimits,
): Promise<LineageNode[]> {
  const top: LineageNode[] = [];
  const expanded = new Set([rootId]);
  const childrenOf = (parentId: string, parent: LineageFacts, depth: number, into: LineageNode[]): Pending[] =>
    links(parent, direction).map((batteryId) => ({ batteryId, parentId, parent, depth, into }));
  let level = childrenOf(rootId, root, 1, top);
  let placed = level.length;
  while (level.length > 0) {
    const found = await Promise.all(level.map((pending) => lookup(pending.batteryId)));
    const next: Pending[] = [];
    level.forEach((pending, i) => {
      const own = found[i]!;
      const node: LineageNode = { batteryId: pending.batteryId, status: own.status, confirmed: isConfirmed(pending, own, direction) };
      const branch: LineageNode[] = [];
      node[direction] = branch;
      pending.into.push(node);
      const onward = links(own, direction);
      if (onward.length === 0) return;
      if (expanded.has(pending.batteryId)) {
        node.repeated = true;
      } else if (pending.depth >= limits.maxDepth || placed + onward.length > limits.maxNodes) {
        node.truncated = true;
      } else {
        expanded.add(pending.batteryId);
        placed += onward.length;
        next.push(...childrenOf(pending.batteryId, own, pending.depth + 1, branch));
      }
    });
    level = next;
  }
  return top;
}

/** Successors the battery confirmed come first (in the order it recorded them), then those only naming it. */
function links(facts: LineageFacts, direction: LineageDirection): string[] {
  return direction === 'predecessors' ? [...facts.predecessorIds] : [...new Set([...facts.successorIds, ...facts.namedBy])];
}

function isConfirmed({ parentId, parent, batteryId }: Pending, own: LineageFacts, direction: LineageDirection): boolean {
  return direction === 'predecessors' ? own.successorIds.includes(parentId) : parent.successorIds.includes(batteryId);
}

function memoize(lookup: LineageLookup): LineageLookup {
  const seen = new Map<string, Promise<LineageFacts>>();
  return (batteryId) => {
    let facts = seen.get(batteryId);
    if (!facts) seen.set(batteryId, (facts = lookup(batteryId)));
    return facts;
  };
}
