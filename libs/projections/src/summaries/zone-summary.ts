import type { SiteCreated, ZoneSpec } from '#libs/lifecycle';

/** A storage zone as the inventory lists it; `ordinal` keeps the order the site declared. */
export type ZoneSummary = ZoneSpec & { siteId: string; ordinal: number };

export function zonesOf({ data }: SiteCreated): ZoneSummary[] {
  return data.zones.map(({ zone, kind, capacity }, ordinal) => ({ siteId: data.siteId, zone, kind, capacity, ordinal }));
}
