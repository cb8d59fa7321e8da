const HEX_HASH = /^[0-9a-f]{64}$/;

/** Hashes travel as lowercase hex in JSON (shared/api.md); anything else is refused, not repaired. */
export function hashFromHex(hex: unknown, what: string): Buffer {
  if (typeof hex !== 'string' || !HEX_HASH.test(hex)) throw new TypeError(`${what} is not 64 lowercase hex digits`);
  return Buffer.from(hex, 'hex');
}

export const toHex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');
