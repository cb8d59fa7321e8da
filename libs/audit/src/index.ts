export type { ChainBreak, ChainVerification, HistoryEntry, Lineage, LineageNode } from './audit-types.js';
export { toHistoryEntry } from './history-entry.js';
export { ChainVerifier, verifyChain } from './chain-verification.js';
export { HASH_RECIPE, HISTORY_BUNDLE_FORMAT, historyBundle, type HistoryBundle } from './history-bundle.js';
export {
  LINEAGE_LIMITS,
  traceLineage,
  type LineageDirection,
  type LineageFacts,
  type LineageLimits,
  type LineageLookup,
} from './lineage.js';
