import type { SiteEvent, ZoneSpec } from './site-events.js';
import type { HazardClass } from './value-sets.js';

export interface SlotOccupancy {
  slot: string;
  batteryId: string;
  hazardClass: HazardClass;
  /** When the battery was stored: the start of its dwell time. */
  occupiedAt: string;
}

export type ZoneState = ZoneSpec & { slots: SlotOccupancy[] };

export interface UncreatedSite {
  created: false;
  revision: -1;
}

export interface CreatedSite {
  created: true;
  siteId: string;
  name: string;
  zones: ZoneState[];
  revision: number;
}

export type SiteState = UncreatedSite | CreatedSite;

export const initialSiteState: UncreatedSite = Object.freeze({ created: false, revision: -1 });

export function evolveSite(state: SiteState, event: SiteEvent): CreatedSite {
  if (event.type === 'SiteCreated') {
    if (state.created) throw new Error(`site ${state.siteId} created twice in one stream`);
    const { siteId, name, zones } = event.data;
    return { created: true, siteId, name, zones: zones.map((zone) => ({ ...zone, slots: [] })), revision: 0 };
  }
  if (!state.created) throw new Error(`${event.type} before SiteCreated: the stream is corrupt`);
  const { zone, slot, batteryId } = event.data;
  const slots = (current: SlotOccupancy[]): SlotOccupancy[] =>
    event.type === 'SiteSlotOccupied'
      ? [...current, { slot, batteryId, hazardClass: event.data.hazardClass, occupiedAt: event.occurredAt }]
      : current.filter((occupancy) => occupancy.slot !== slot);
  return {
    ...state,
    revision: state.revision + 1,
    zones: state.zones.map((candidate) => (candidate.zone === zone ? { ...candidate, slots: slots(candidate.slots) } : candidate)),
  };
}

export function foldSiteEvents(events: Iterable<SiteEvent>, from: SiteState = initialSiteState): SiteState {
  let state = from;
  for (const event of events) state = evolveSite(state, event);
  return state;
}
