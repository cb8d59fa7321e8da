import type { DomainEvent } from './domain-event.js';
import { withoutUndefined } from './without-undefined.js';
import type { HazardClass, ZoneKind } from './value-sets.js';

export interface ZoneSpec {
  zone: string;
  kind: ZoneKind;
  /** How many batteries the zone holds at most (one per slot). */
  capacity: number;
}

export interface SiteCreatedData {
  siteId: string;
  name: string;
  zones: ZoneSpec[];
}

export interface SiteSlotOccupiedData {
  zone: string;
  slot: string;
  batteryId: string;
  /** Kept on the site so the inventory can count by hazard class without reading batteries. */
  hazardClass: HazardClass;
}

export interface SiteSlotVacatedData {
  zone: string;
  slot: string;
  batteryId: string;
}

export type SiteCreated = DomainEvent<'SiteCreated', SiteCreatedData>;
export type SiteSlotOccupied = DomainEvent<'SiteSlotOccupied', SiteSlotOccupiedData>;
export type SiteSlotVacated = DomainEvent<'SiteSlotVacated', SiteSlotVacatedData>;

export type SiteEvent = SiteCreated | SiteSlotOccupied | SiteSlotVacated;
export type SiteEventType = SiteEvent['type'];

export const SITE_EVENT_TYPES = ['SiteCreated', 'SiteSlotOccupied', 'SiteSlotVacated'] as const satisfies readonly SiteEventType[];

export function isSiteEventType(type: string): type is SiteEventType {
  return (SITE_EVENT_TYPES as readonly string[]).includes(type);
}

export type SiteEventOf<Type extends SiteEventType> = Extract<SiteEvent, { type: Type }>;

export function siteEvent<Type extends SiteEventType>(type: Type, occurredAt: string, data: SiteEventOf<Type>['data']): SiteEventOf<Type> {
  const event: DomainEvent<Type, SiteEventOf<Type>['data']> = { type, schemaVersion: 1, occurredAt, data: withoutUndefined(data) };
  // As in batteryEvent: a type paired with its own data is that union member.
  return event as unknown as SiteEventOf<Type>;
}

/**
 * A battery's stream id is its bare battery id (the hash chain names it so). Ids may contain ':',
 * so `site:X` could be a battery; `/` is outside the id alphabet, so `site/X` never is.
 */
export const SITE_STREAM_PREFIX = 'site/';

export function siteStreamId(siteId: string): string {
  return `${SITE_STREAM_PREFIX}${siteId}`;
}
