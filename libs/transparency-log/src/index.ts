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
