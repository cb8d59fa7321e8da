import { ApiError, type ApiClient } from '../api';
import { canonicalJson } from '../../../../libs/canonical-json/src/index';
import type { InclusionAnswer, SignedCheckpoint } from '../../../../libs/transparency-log/src/log-shapes';
import { checkpointLines, inclusionSides } from '../../../../libs/transparency-log/src/tree-walk';
import type { HistoryEntry } from './battery-data';

/** Why the log does not vouch for the battery's events; each names a translated sentence. */
export type LogFailure = 'unknown-key' | 'bad-signature' | 'fields-differ' | 'proof-refused' | 'proof-mismatch';

export type LogVerdict =
  | { state: 'included' | 'pending'; checkpoint: SignedCheckpoint; included: number; pending: number[] }
  | { state: 'unavailable'; checkpoint?: undefined }
  | { state: 'failed'; failure: LogFailure; revision?: number; checkpoint?: SignedCheckpoint };

/** Proofs asked at once: a long history is not sent as one burst of requests. */
const PARALLEL = 8;

const bytes = (text: string) => new TextEncoder().encode(text);
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const fromBase64 = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
const toHex = (data: Uint8Array) => [...data].map((byte) => byte.toString(16).padStart(2, '0')).join('');

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  parts.reduce((offset, part) => (joined.set(part, offset), offset + part.length), 0);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** The checkpoint's Ed25519 signature over its text, by the key it names in the published set. */
async function signatureHolds(checkpoint: SignedCheckpoint, keys: JsonWebKey[]): Promise<LogFailure | undefined> {
  const jwk = keys.find((key) => (key as { kid?: string }).kid === checkpoint.keyId);
  if (!jwk) return 'unknown-key';
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
  const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(checkpoint.signature), bytes(checkpoint.text));
  if (!valid) return 'bad-signature';
  const signed = checkpointLines(checkpoint.text);
  const sameFields =
    signed.origin === checkpoint.origin &&
    signed.treeSize === checkpoint.treeSize &&
    toHex(fromBase64(signed.rootBase64)) === checkpoint.rootHash;
  return sameFields ? undefined : 'fields-differ';
}

/** RFC 9162 §2.1.3.2: does the audit path lead from the event's leaf to the signed root? */
async function proofHolds(event: HistoryEntry, proof: InclusionAnswer, checkpoint: SignedCheckpoint): Promise<LogFailure | undefined> {
  let sides: ('left' | 'right')[];
  try {
    if (proof.treeSize !== checkpoint.treeSize) return 'proof-refused';
    sides = inclusionSides(proof.leafIndex, proof.treeSize, proof.auditPath.length);
  } catch {
    return 'proof-refused';
  }
  const { streamId, revision, type, hash } = event;
  let root = await sha256(new Uint8Array([0]), bytes(canonicalJson({ streamId, revision, type, hash })));
  for (const [step, sibling] of proof.auditPath.entries()) {
    const other = fromHex(sibling);
    root = await sha256(new Uint8Array([1]), ...(sides[step] === 'left' ? [other, root] : [root, other]));
  }
  return toHex(root) === checkpoint.rootHash ? undefined : 'proof-mismatch';
}

/**
 * The transparency log's verdict on a battery's events, checked in this browser rather than
 * taken from the server: the latest checkpoint's signature against the published keys, then each
 * event's inclusion proof against that checkpoint's root. Events the log has not sequenced yet
 * (409 not-yet-in-log; it signs within seconds) are listed as pending, not as failures.
 */
export async function logVerdict(client: ApiClient, events: readonly HistoryEntry[]): Promise<LogVerdict> {
  // WebCrypto exists only in a secure context: HTTPS, or loopback. Over plain HTTP on the
  // centre's network the browser cannot check, and says so rather than vouch for anything.
  if (!globalThis.isSecureContext || !crypto.subtle) return { state: 'unavailable' };
  const [checkpoint, published] = await Promise.all([
    client.get<SignedCheckpoint>('/log/checkpoint'),
    client.get<{ keys: JsonWebKey[] }>('/certificates/keys'),
  ]);
  const unsigned = await signatureHolds(checkpoint, published.keys);
  if (unsigned) return { state: 'failed', failure: unsigned, checkpoint };
  const pending: number[] = [];
  let included = 0;
  for (let start = 0; start < events.length; start += PARALLEL) {
    const checks = events.slice(start, start + PARALLEL).map(async (event) => {
      try {
        const proof = await client.get<InclusionAnswer>('/log/proofs/inclusion', {
          streamId: event.streamId,
          revision: String(event.revision),
          treeSize: String(checkpoint.treeSize),
        });
        return { event, failure: await proofHolds(event, proof, checkpoint) };
      } catch (error) {
        if (error instanceof ApiError && error.problem.rule === 'not-yet-in-log') return { event, pendingInLog: true };
        throw error;
      }
    });
    for (const check of await Promise.all(checks)) {
      if ('pendingInLog' in check) pending.push(check.event.revision);
      else if (check.failure) return { state: 'failed', failure: check.failure, revision: check.event.revision, checkpoint };
      else included++;
    }
  }
  return { state: pending.length > 0 ? 'pending' : 'included', checkpoint, included, pending };
}
