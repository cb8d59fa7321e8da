import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  MemoryTree,
  consistencyProof,
  inclusionProof,
  leafHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '#libs/transparency-log';

/**
 * The transparency-dev/merkle vectors (../shared/vectors/rfc9162): an implementation nobody here
 * wrote. Every case is verified; happy paths are also regenerated from the RFC 6962 test leaves.
 */
const VECTORS = process.env.RFC9162_VECTORS ?? join(process.cwd(), '..', 'shared', 'vectors', 'rfc9162', 'testdata');

interface InclusionCase {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyCase {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

function cases<T>(folder: string): [string, T][] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  const root = join(VECTORS, folder);
  return walk(root)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [relative(root, file), JSON.parse(readFileSync(file, 'utf8')) as T]);
}

const b64 = (value: string) => Buffer.from(value, 'base64');
const proofOf = (proof: string[] | null) => (proof ?? []).map(b64);

/** RFC 6962's test leaves, the inputs the vectors' happy paths were computed from. */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
  leafHash(Buffer.from(hex, 'hex')),
);
const treeOf = (size: number) => new MemoryTree(LEAVES.slice(0, size));

const inclusion = cases<InclusionCase>('inclusion');
const consistency = cases<ConsistencyCase>('consistency');

describe('RFC 9162 vectors (transparency-dev/merkle)', () => {
  it('finds the vector files', () => {
    expect(inclusion.length).toBeGreaterThan(50);
    expect(consistency.length).toBeGreaterThan(50);
    expect(inclusion.filter(([, c]) => c.wantErr).length).toBeGreaterThan(40);
    expect(consistency.filter(([, c]) => c.wantErr).length).toBeGreaterThan(40);
  });

  it.each(inclusion)('inclusion %s', (_name, c) => {
    const verify = () => verifyInclusion(c.leafIdx, c.treeSize, b64(c.leafHash), proofOf(c.proof), b64(c.root));
    if (c.wantErr) expect(verify).toThrow();
    else expect(verify).not.toThrow();
  });

  it.each(consistency)('consistency %s', (_name, c) => {
    const verify = () => verifyConsistency(c.size1, c.size2, proofOf(c.proof), b64(c.root1), b64(c.root2));
    if (c.wantErr) expect(verify).toThrow();
    else expect(verify).not.toThrow();
  });

  const generatedInclusion = inclusion.filter(([name, c]) => !c.wantErr && name.endsWith('happy-path.json') && c.treeSize <= LEAVES.length);
  const generatedConsistency = consistency.filter(
    ([name, c]) => !c.wantErr && name.endsWith('happy-path.json') && c.size2 <= LEAVES.length && c.size1 > 0,
  );

  it('regenerates the happy paths from the RFC 6962 leaves', () => {
    expect(generatedInclusion.length).toBeGreaterThanOrEqual(4);
    expect(generatedConsistency.length).toBeGreaterThanOrEqual(4);
  });

  it.each(generatedInclusion)('generates inclusion %s', async (_name, c) => {
    const tree = treeOf(c.treeSize);
    expect(LEAVES[c.leafIdx].toString('base64')).toBe(c.leafHash);
    expect((await rootHash(c.treeSize, tree.source)).toString('base64')).toBe(c.root);
    expect((await inclusionProof(c.leafIdx, c.treeSize, tree.source)).map((h) => h.toString('base64'))).toEqual(c.proof ?? []);
  });

  it.each(generatedConsistency)('generates consistency %s', async (_name, c) => {
    const tree = treeOf(c.size2);
    expect((await rootHash(c.size1, tree.source)).toString('base64')).toBe(c.root1);
    expect((await rootHash(c.size2, tree.source)).toString('base64')).toBe(c.root2);
    expect((await consistencyProof(c.size1, c.size2, tree.source)).map((h) => h.toString('base64'))).toEqual(c.proof ?? []);
  });
});
