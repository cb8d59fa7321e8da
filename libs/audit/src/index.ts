export { toHistoryEntry, type HistoryEntry } from './history-entry.js';
export { ChainVerifier, verifyChain, type ChainBreak, type ChainVerification } from './chain-verification.js';
export { HASH_RECIPE, HISTORY_BUNDLE_FORMAT, historyBundle, type HistoryBundle } from './history-bundle.js';
export {
  LINEAGE_LIMITS,
  traceLineage,
  type Lineage,
  type LineageDirection,
  type LineageFacts,
  type LineageLimits,
  type LineageLookup,
  type LineageNode,
} from './lineage.js';
