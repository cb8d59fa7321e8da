import { HASH_BYTES, leafHash, nodeHash } from './merkle-hashes.js';
import { ProofRefused, checkSize, half, inclusionSides, isOdd } from './tree-walk.js';

export { ProofRefused };

function checkHashes(proof: readonly Uint8Array[]): void {
  const bad = proof.findIndex((hash) => hash.length !== HASH_BYTES);
  if (bad >= 0) throw new ProofRefused(`proof element ${bad} is ${proof[bad].length} bytes, not ${HASH_BYTES}`);
}

/**
 * RFC 9162 §2.1.3.2: the root that `proof` leads to from `leaf` at `index` in a tree of `size`.
 * Throws ProofRefused when the proof has the wrong shape for that index and size.
 */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  const sides = inclusionSides(index, size, proof.length);
  if (leaf.length !== HASH_BYTES) throw new ProofRefused(`leaf hash is ${leaf.length} bytes, not ${HASH_BYTES}`);
  checkHashes(proof);
  return proof.reduce<Buffer>((r, p, step) => (sides[step] === 'left' ? nodeHash(p, r) : nodeHash(r, p)), Buffer.from(leaf));
}

export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  if (!computed.equals(root))
    throw new ProofRefused(
      `the inclusion proof leads to ${computed.toString('hex')}, not to the root ${Buffer.from(root).toString('hex')}`,
    );
}

/** Inclusion of a leaf given by its data (the log's leaf recipe), not by its hash. */
export function verifyLeafInclusion(index: number, size: number, data: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  verifyInclusion(index, size, leafHash(data), proof, root);
}

/**
 * RFC 9162 §2.1.4.2: the tree of `size2` with root `root2` extends the tree of `size1` with root
 * `root1`. A consistency proof from the empty tree proves nothing (the API refuses `from` = 0), so
 * size1 = 0 is always refused.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (size2 < size1) throw new ProofRefused(`size2 ${size2} is below size1 ${size1}`);
  if (size1 === 0) throw new ProofRefused('a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofRefused('equal sizes need an empty proof');
    if (!Buffer.from(root1).equals(root2)) throw new ProofRefused('equal sizes but different roots');
    return;
  }
  if (proof.length === 0) throw new ProofRefused('empty consistency proof between different sizes');
  checkHashes(proof);
  const path = [...proof];
  // An old tree that is a perfect subtree of the new one is its own first node: the proof omits it.
  if (2 ** Math.round(Math.log2(size1)) === size1) path.unshift(root1);
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofRefused('the consistency proof is longer than the trees need');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofRefused('the consistency proof is shorter than the trees need');
  if (!fr.equals(root1)) throw new ProofRefused('the consistency proof does not lead to the old root');
  if (!sr.equals(root2)) throw new ProofRefused('the consistency proof does not lead to the new root');
}
