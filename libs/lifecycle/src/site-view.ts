import type { CreatedSite } from './site-state.js';
import type { HazardClass, ZoneKind } from './value-sets.js';

/** The body of `GET /api/v1/sites/{siteId}`. */
export interface SiteView {
  siteId: string;
  name: string;
  zones: {
    zone: string;
    kind: ZoneKind;
    capacity: number;
    occupied: number;
    free: number;
    slots: { slot: string; batteryId: string; hazardClass: HazardClass; occupiedAt: string }[];
  }[];
}

export function siteView(site: CreatedSite): SiteView {
  return {
    siteId: site.siteId,
    name: site.name,
    zones: site.zones.map(({ zone, kind, capacity, slots }) => ({
      zone,
      kind,
      capacity,
      occupied: slots.length,
      free: capacity - slots.length,
      slots: slots.map((occupancy) => ({ ...occupancy })),
    })),
  };
}
