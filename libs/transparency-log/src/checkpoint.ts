import { verifySignedBytes, type Jwks } from '#libs/certificates';
import { HASH_BYTES } from './merkle-hashes.js';
import type { SignedCheckpoint } from './log-shapes.js';
import { checkpointLines } from './tree-walk.js';

export type { SignedCheckpoint };

export interface CheckpointSigner {
  signBytes(message: Uint8Array): { keyId: string; value: string };
}

export interface TreeHead {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

/** The C2SP checkpoint body (tlog-checkpoint): origin, decimal size, standard base64 root, each on its line. */
export function checkpointText({ origin, treeSize, rootHash }: TreeHead): string {
  if (origin.length === 0 || /[\n]/.test(origin)) throw new RangeError('a checkpoint origin is one non-empty line');
  if (rootHash.length !== HASH_BYTES) throw new RangeError(`a root hash is ${HASH_BYTES} bytes`);
  return `${origin}\n${treeSize}\n${rootHash.toString('base64')}\n`;
}

/** Reads a checkpoint body back; throws on anything but the exact three-line form. */
export function parseCheckpointText(text: string): TreeHead {
  const { origin, treeSize, rootBase64 } = checkpointLines(text);
  return { origin, treeSize, rootHash: Buffer.from(rootBase64, 'base64') };
}

export function signCheckpoint(head: TreeHead, issuedAt: Date, signer: CheckpointSigner): SignedCheckpoint {
  const text = checkpointText(head);
  const { keyId, value } = signer.signBytes(Buffer.from(text, 'utf8'));
  return {
    origin: head.origin,
    treeSize: head.treeSize,
    rootHash: head.rootHash.toString('hex'),
    issuedAt: issuedAt.toISOString(),
    keyId,
    signature: value,
    text,
  };
}

export type CheckpointCheck = { valid: true; head: TreeHead } | { valid: false; reason: string };

/**
 * What an outsider checks: the signature over `text` by `keyId` of the pinned JWKS, and that the
 * JSON fields say what the signed text says (the text is what is signed; the fields are a convenience).
 */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, jwks: Jwks): CheckpointCheck {
  let head: TreeHead;
  try {
    head = parseCheckpointText(checkpoint.text);
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
  const signature = verifySignedBytes(
    Buffer.from(checkpoint.text, 'utf8'),
    { keyId: checkpoint.keyId, value: checkpoint.signature },
    jwks,
    'the checkpoint text',
  );
  if (!signature.valid) return { valid: false, reason: signature.reason ?? 'bad signature' };
  if (head.origin !== checkpoint.origin || head.treeSize !== checkpoint.treeSize || head.rootHash.toString('hex') !== checkpoint.rootHash) {
    return { valid: false, reason: 'the checkpoint fields differ from its signed text' };
  }
  return { valid: true, head };
}
