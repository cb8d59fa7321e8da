/**
 * Bands and buckets include their lower edge (shared/api.md "Views"): `30-50` is 30 ≤ x < 50,
 * and the last one is open upwards, so `90-100` holds 100 and `>80` holds 80.
 */
export const SOC_BANDS = ['<30', '30-50', '50-80', '>80', 'unknown'] as const;
export type SocBand = (typeof SOC_BANDS)[number];

export function socBandOf(stateOfChargePct: number | null): SocBand {
  if (stateOfChargePct === null) return 'unknown';
  if (stateOfChargePct < 30) return '<30';
  if (stateOfChargePct < 50) return '30-50';
  if (stateOfChargePct < 80) return '50-80';
  return '>80';
}

export const SOH_BANDS = ['0-10', '10-20', '20-30', '30-40', '40-50', '50-60', '60-70', '70-80', '80-90', '90-100'] as const;
export type SohBand = (typeof SOH_BANDS)[number];

export function sohBandOf(stateOfHealthPct: number): SohBand {
  const index = Math.floor(stateOfHealthPct / 10);
  return SOH_BANDS[Math.min(Math.max(index, 0), SOH_BANDS.length - 1)];
}
