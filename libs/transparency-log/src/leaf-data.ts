import { canonicalBytes } from '#libs/certificates';

/** What one leaf commits to (shared/api.md "Store-wide transparency log"). */
export interface LeafEntry {
  streamId: string;
  revision: number;
  type: string;
  /** The event's history hash (lowercase hex), which covers its data and envelope. */
  hash: string;
}

/** The leaf data: UTF-8 bytes of JCS({streamId, revision, type, hash}); nothing else. */
export function leafData({ streamId, revision, type, hash }: LeafEntry): Buffer {
  return canonicalBytes({ streamId, revision, type, hash });
}
