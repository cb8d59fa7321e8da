/**
 * Ids sort by UTF-16 code unit: for the id alphabet (ASCII) that is the byte order of the "C"
 * collation the read-model tables declare, so memory and SQL agree on every server.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
