import type { Jwks } from '#libs/certificates';
import { verifyCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import { hashFromHex } from './hex.js';
import { leafData, type LeafEntry } from './leaf-data.js';
import { leafHash } from './merkle-hashes.js';
import { verifyInclusion } from './proof-verification.js';

/** One event's claim to be in the log: its leaf entry and an inclusion proof (as the API serves it). */
export interface EntryProof {
  entry: LeafEntry;
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A checkpoint as received: throws TypeError naming the first member that is missing or mistyped. */
export function parseSignedCheckpoint(value: unknown): SignedCheckpoint {
  if (!isObject(value)) throw new TypeError('no checkpoint object');
  for (const field of ['origin', 'rootHash', 'issuedAt', 'keyId', 'signature', 'text'] as const) {
    if (typeof value[field] !== 'string') throw new TypeError(`checkpoint.${field} must be a string`);
  }
  if (!Number.isSafeInteger(value.treeSize)) throw new TypeError('checkpoint.treeSize must be an integer');
  return value as unknown as SignedCheckpoint;
}

/**
 * What an offline verifier checks (verify-certificate, verify-bundle): the checkpoint is signed by
 * a key of the pinned JWKS, and each entry's proof leads from its leaf (the log's recipe) to the
 * checkpoint's root. Returns every reason it fails; empty when it holds. Never throws on bad input.
 */
export function checkLogEvidence(checkpoint: unknown, proofs: readonly EntryProof[], jwks: Jwks): string[] {
  let signed: SignedCheckpoint;
  try {
    signed = parseSignedCheckpoint(checkpoint);
  } catch (error) {
    return [`checkpoint: ${(error as Error).message}`];
  }
  const check = verifyCheckpoint(signed, jwks);
  if (!check.valid) return [`checkpoint: ${check.reason}`];
  const reasons: string[] = [];
  for (const proof of proofs) {
    const where = `inclusion of ${proof.entry?.streamId}@${proof.entry?.revision}`;
    try {
      if (proof.treeSize !== signed.treeSize)
        throw new Error(`proof is for a tree of ${proof.treeSize}, the checkpoint signs ${signed.treeSize}`);
      const path = proof.auditPath.map((hex, i) => hashFromHex(hex, `auditPath.${i}`));
      verifyInclusion(proof.leafIndex, proof.treeSize, leafHash(leafData(proof.entry)), path, check.head.rootHash);
    } catch (error) {
      reasons.push(`${where}: ${(error as Error).message}`);
    }
  }
  return reasons;
}
