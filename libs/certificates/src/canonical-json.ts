import { canonicalJson } from '#libs/canonical-json';

/** The exact bytes a certificate signature covers: the same RFC 8785 (JCS) text the event hashes use. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
