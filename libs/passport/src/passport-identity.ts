import { createHash } from 'node:crypto';

/** RFC 9562 name-based UUIDs need a namespace: this one is Cellpath's passports' own (a random v4, fixed forever). */
const PASSPORT_NAMESPACE = 'a3c1f0de-6b1e-4f64-9a55-2d7e3c9b8f10';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** UUID version 5 (SHA-1, name-based): the same name always gives the same id, on every instance. */
function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of a battery's `sequence`-th passport (0: the one opened at registration, then one per
 * second-life event), as a UUID URN. Derived, never stored: every export and every instance that
 * holds the battery's history agrees on it.
 */
export function passportUrn(batteryId: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 0) throw new Error(`passport sequence must be a non-negative integer, got ${sequence}`);
  return `urn:uuid:${uuidV5(`${batteryId}\u0000${sequence}`, PASSPORT_NAMESPACE)}`;
}

/**
 * The same passport id as BatteryPass 1.2 accepts it: its pattern `^urn:[a-z0-9]+:[a-z0-9]+$`
 * forbids hyphens, so the UUID's 32 hex digits are written without them.
 */
export function batteryPassIdentifier(urn: string): string {
  return urn.toLowerCase().replace(/-/g, '');
}
