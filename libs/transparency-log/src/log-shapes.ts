/**
 * The log's answers as JSON (shared/api.md "Store-wide transparency log"), types only and without
 * Node, so the console (apps/console) compiles them with the DOM types alone (`import type`).
 */

/** A signed tree head as `GET /api/v1/log/checkpoint` serves it (shared/api.md). */
export interface SignedCheckpoint {
  origin: string;
  treeSize: number;
  /** Lowercase hex of the 32 root bytes. */
  rootHash: string;
  issuedAt: string;
  keyId: string;
  /** base64url Ed25519 signature over the UTF-8 bytes of `text`. */
  signature: string;
  /** C2SP checkpoint body: `<origin>\n<treeSize>\n<base64 root>\n`. */
  text: string;
}

/** `GET /api/v1/log/proofs/inclusion`: RFC 9162 §2.1.3 audit path of one event's leaf. */
export interface InclusionAnswer {
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
}
