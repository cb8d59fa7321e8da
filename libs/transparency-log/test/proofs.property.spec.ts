import fc from 'fast-check';
import {
  CompactRange,
  EMPTY_ROOT,
  MemoryTree,
  ProofRefused,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  rootHash,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from '#libs/transparency-log';

/** RFC 9162 §2.1.1 MTH written straight from its definition, to check the stored-subtree route against. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const MAX = 300;
const sizes = fc.integer({ min: 1, max: MAX }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));
const ALL = leaves(MAX);
const TREE = new MemoryTree(ALL);

function flipBit(proof: Buffer[], element: number, bit: number): Buffer[] {
  return proof.map((hash, i) => {
    if (i !== element) return hash;
    const copy = Buffer.from(hash);
    copy[Math.floor(bit / 8)] ^= 1 << (bit % 8);
    return copy;
  });
}

describe('Merkle proofs (property)', () => {
  it('roots from stored subtrees equal the RFC definition at every size', async () => {
    for (let n = 0; n <= 70; n++) expect((await rootHash(n, TREE.source)).equals(referenceRoot(ALL.slice(0, n)))).toBe(true);
  });

  it('every consistency proof for m ≤ n verifies, and any flipped bit makes it fail', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, fc.nat(), fc.nat(255), async ([m, n], pick, bit) => {
        const proof = await consistencyProof(m, n, TREE.source);
        const root1 = await rootHash(m, TREE.source);
        const root2 = await rootHash(n, TREE.source);
        verifyConsistency(m, n, proof, root1, root2);
        if (proof.length > 0)
          expect(() => verifyConsistency(m, n, flipBit(proof, pick % proof.length, bit), root1, root2)).toThrow(ProofRefused);
        expect(() => verifyConsistency(m, n, proof, flipBit([root1], 0, bit)[0], root2)).toThrow(ProofRefused);
        expect(() => verifyConsistency(m, n, proof, root1, flipBit([root2], 0, bit)[0])).toThrow(ProofRefused);
      }),
      { numRuns: 300 },
    );
  });

  it('every inclusion proof verifies, and any flipped bit makes it fail', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, fc.nat(), fc.nat(255), async ([m, n], pick, bit) => {
        const index = m - 1;
        const proof = await inclusionProof(index, n, TREE.source);
        const root = await rootHash(n, TREE.source);
        verifyInclusion(index, n, ALL[index], proof, root);
        if (proof.length > 0)
          expect(() => verifyInclusion(index, n, ALL[index], flipBit(proof, pick % proof.length, bit), root)).toThrow(ProofRefused);
        expect(() => verifyInclusion(index, n, flipBit([ALL[index]], 0, bit)[0], proof, root)).toThrow(ProofRefused);
      }),
      { numRuns: 300 },
    );
  });

  it('a compact range resumed from its stored edge goes on as if never stopped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 100 }), async (stop, more) => {
        const edge = CompactRange.edgeOf(stop);
        const stored = await TREE.source(edge);
        const resumed = CompactRange.resume(
          stop,
          edge.map(({ level, index }) => stored.get(`${level}/${index}`)!),
        );
        for (const leaf of ALL.slice(stop, stop + more)) resumed.append(leaf);
        expect(resumed.root().equals(referenceRoot(ALL.slice(0, stop + more)))).toBe(true);
      }),
    );
  });
});
