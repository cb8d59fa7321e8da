/**
 * int8 (bigint, count(*)) parsed as a JS number, refusing values a double cannot hold exactly:
 * silent rounding of ids or positions would be worse than an error. SQL that can exceed 2^53
 * (event positions) casts to text instead.
 */
export const INT8_OID = 20;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} exceeds Number.MAX_SAFE_INTEGER; cast it to text in SQL`);
  }
  return value;
}
