export { EMPTY_ROOT, HASH_BYTES, leafHash, nodeHash, splitPoint } from './merkle-hashes.js';
export { foldSubtrees, perfectSubtrees, subtreeKey, type LeafRange, type SubtreeId } from './subtrees.js';
export { consistencyRanges, inclusionRanges } from './proof-ranges.js';
export { consistencyProof, inclusionProof, rangeHashes, rootHash, type SubtreeSource } from './subtree-source.js';
export { ProofRefused, rootFromInclusionProof, verifyConsistency, verifyInclusion, verifyLeafInclusion } from './proof-verification.js';
export { CompactRange, type StoredSubtree } from './compact-range.js';
export { leafData, type LeafEntry } from './leaf-data.js';
export {
  checkpointText,
  parseCheckpointText,
  signCheckpoint,
  verifyCheckpoint,
  type CheckpointCheck,
  type CheckpointSigner,
  type SignedCheckpoint,
  type TreeHead,
} from './checkpoint.js';
export { hashFromHex, toHex } from './hex.js';
export { MemoryTree } from './memory-tree.js';
export { LOG_MIGRATIONS, LOG_MIGRATION_NAMESPACE } from './sql/log.migrations.js';
export { LogEventNotFound, LogRequestInvalid, NotYetInLog } from './sql/log-errors.js';
export { auditLog, type AuditProgress, type AuditResult } from './sql/self-audit.js';
export { LogSequencer } from './sql/sequencer.js';
export { storedSubtrees, type StoredLeaf } from './sql/log-tables.js';
export {
  ENTRIES_LIMIT_MAX,
  TransparencyLog,
  type AuditStatus,
  type StreamProofs,
  type InclusionAnswer,
  type LogKeys,
  type LogLogger,
  type TransparencyLogOptions,
} from './sql/transparency-log.js';
export { checkLogEvidence, parseSignedCheckpoint, type EntryProof } from './offline-evidence.js';
