/**
 * Rounds to 2 decimals on the decimal form, so binary noise does not decide the last digit
 * (1.005 → 1.01, 0.145 × 100 → 14.5).
 */
export function round2(value: number): number {
  const [mantissa, exponent = '0'] = value.toPrecision(15).split('e');
  return Math.round(Number(`${mantissa}e${Number(exponent) + 2}`)) / 100;
}

/** A ratio with nothing to divide by is null, not 0 or NaN. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function percent(numerator: number, denominator: number): number | null {
  const share = ratio(numerator, denominator);
  return share === null ? null : round2(share * 100);
}

/** (key, count) pairs: one per item in memory, one per group from SQL. */
export type Counts = readonly (readonly [string | null, number])[];

/** A grouped SQL row. */
export interface KeyCount {
  key: string | null;
  count: number;
}

export function countOf({ key, count }: KeyCount): readonly [string | null, number] {
  return [key, count];
}

/** Every key present, zeros included; counts under keys outside the set are left out. */
export function tally<Key extends string>(keys: readonly Key[], counts: Counts): Record<Key, number> {
  const totals = Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
  for (const [key, count] of counts) {
    if (key !== null && Object.hasOwn(totals, key)) totals[key as Key] += count;
  }
  return totals;
}

/** One count per value, in the shape `tally` takes. */
export function ones(values: Iterable<string | null>): Counts {
  return Array.from(values, (value) => [value, 1]);
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
