/** Orders two positions numerically (they are decimal strings beyond 2^53). */
export function comparePositions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The last of several positions: a command writing to several streams ends at the greatest. */
export function latestPosition(positions: readonly string[]): string {
  return positions.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
}
