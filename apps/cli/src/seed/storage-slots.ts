import type { HazardClass } from '#libs/lifecycle';

export type SiteLayout = {
  siteId: string;
  name: string;
  zones: { zone: string; kind: 'standard' | 'isolation'; capacity: number }[];
};

export interface Slot {
  siteId: string;
  zone: string;
  slot: string;
}

const CITIES = ['Ulsan', 'Daegu', 'Gwangju', 'Cheongju', 'Pohang', 'Gunsan', 'Changwon', 'Asan'];

/**
 * Sites sized for the run: about a quarter of the batteries end in a rack, damaged-critical ones
 * (≈5 %) in an isolation zone; the rest of the capacity is headroom for the workers in flight.
 */
export function siteLayouts(runTag: string, batteries: number, concurrency: number): SiteLayout[] {
  const sites = Math.min(CITIES.length, Math.max(1, Math.ceil(batteries / 2000)));
  const perSite = Math.ceil(batteries / sites);
  return Array.from({ length: sites }, (_, index) => ({
    siteId: `SEED-${runTag}-${CITIES[index].toUpperCase()}`,
    name: `${CITIES[index]} used-battery evaluation and storage centre`,
    zones: [
      ...['RACK-A', 'RACK-B', 'RACK-C', 'RACK-D'].map((zone) => ({
        zone,
        kind: 'standard' as const,
        capacity: Math.ceil(perSite * 0.08) + concurrency,
      })),
      { zone: 'ISO-1', kind: 'isolation' as const, capacity: Math.ceil(perSite * 0.06) + concurrency },
    ],
  }));
}

/** Free slots per zone, so concurrent workers never race for a slot or overfill a zone. */
export class StorageSlots {
  private readonly free = new Map<string, Slot[]>();

  constructor(private readonly sites: readonly SiteLayout[]) {
    for (const site of sites) {
      for (const { zone, capacity } of site.zones) {
        const slots = Array.from({ length: capacity }, (_, i) => ({
          siteId: site.siteId,
          zone,
          slot: `${zone}-${String(i + 1).padStart(4, '0')}`,
        }));
        this.free.set(`${site.siteId}/${zone}`, slots.reverse());
      }
    }
  }

  /** A free slot at the site in a zone the hazard class may use, or null when they are full. */
  take(siteId: string, hazardClass: HazardClass): Slot | null {
    const isolation = hazardClass === 'damaged-critical';
    const site = this.sites.find((candidate) => candidate.siteId === siteId)!;
    for (const { zone, kind } of site.zones) {
      if ((kind === 'isolation') !== isolation) continue;
      const slot = this.free.get(`${siteId}/${zone}`)!.pop();
      if (slot !== undefined) return slot;
    }
    return null;
  }

  give(slot: Slot): void {
    this.free.get(`${slot.siteId}/${slot.zone}`)!.push(slot);
  }
}
