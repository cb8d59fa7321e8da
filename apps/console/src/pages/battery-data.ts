import type { ApiClient } from '../api';
import type { ChainVerification, HistoryEntry, Lineage, LineageNode } from '../../../../libs/audit/src/audit-types';

export type { ChainVerification, HistoryEntry, Lineage, LineageNode };
export interface CertificateStatus {
  certificateId: string;
  valid: boolean;
  status: string;
  validUntil?: string;
}
const PAGE = 1000;

/** Every event of the battery, page by page (the contract caps a page). */
export async function readHistory(client: ApiClient, batteryId: string): Promise<HistoryEntry[]> {
  const events: HistoryEntry[] = [];
  for (;;) {
    const page = await client.get<{ events: HistoryEntry[] }>(`/batteries/${encodeURIComponent(batteryId)}/history`, {
      fromRevision: String(events.length),
      limit: String(PAGE),
    });
    events.push(...page.events);
    if (page.events.length < PAGE) return events;
  }
}

/** The certificates issued to the battery, found in its history, with their status now. */
export async function readCertificates(client: ApiClient, events: readonly HistoryEntry[]): Promise<CertificateStatus[]> {
  const issued = events
    .filter((event) => event.type === 'ReuseCertificateIssued')
    .map((event) => event.data as { certificateId: string; validUntil?: string });
  return Promise.all(
    issued.map(async ({ certificateId, validUntil }) => {
      const verdict = await client.get<{ valid: boolean; status: string }>(`/certificates/${encodeURIComponent(certificateId)}/verify`);
      return { certificateId, validUntil, valid: verdict.valid, status: verdict.status };
    }),
  );
}

/** The lineage tree flattened into a graph: predecessors to the left (negative depth), successors to the right. */
export function lineageGraph(lineage: Lineage): {
  nodes: { id: string; status: string | null; depth: number }[];
  edges: { source: string; target: string }[];
} {
  const nodes = new Map<string, { id: string; status: string | null; depth: number }>();
  const edges = new Map<string, { source: string; target: string }>();
  nodes.set(lineage.batteryId, { id: lineage.batteryId, status: '', depth: 0 });
  const walk = (from: string, children: LineageNode[] | undefined, depth: number, direction: 'predecessors' | 'successors') => {
    for (const child of children ?? []) {
      const edge = direction === 'predecessors' ? { source: child.batteryId, target: from } : { source: from, target: child.batteryId };
      edges.set(`${edge.source}>${edge.target}`, edge);
      // Cycle-safe like the server: a battery seen once is not walked again.
      if (nodes.has(child.batteryId)) continue;
      nodes.set(child.batteryId, { id: child.batteryId, status: child.status, depth });
      walk(child.batteryId, child[direction], depth + (direction === 'predecessors' ? -1 : 1), direction);
    }
  };
  walk(lineage.batteryId, lineage.predecessors, -1, 'predecessors');
  walk(lineage.batteryId, lineage.successors, 1, 'successors');
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
