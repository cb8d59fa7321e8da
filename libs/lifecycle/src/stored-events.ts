import type { EventMetadata, NewEvent } from '#libs/event-store';
import { isBatteryEventType, type BatteryEvent } from './battery-events.js';
import { isOrganisationEventType, type OrganisationEvent } from './organisation-events.js';
import { isSiteEventType, type SiteEvent } from './site-events.js';
import { upcast, type EventData } from './upcasters.js';

/** What the domain needs of a stored event (a RecordedEvent fits). */
export interface StoredEvent {
  type: string;
  data: EventData;
  metadata: Pick<EventMetadata, 'occurredAt' | 'schemaVersion'>;
}

/** The store's shape of a domain event; `occurredAt` and `schemaVersion` go to metadata. */
export function toNewEvent(
  event: BatteryEvent | SiteEvent | OrganisationEvent,
  metadata: Omit<EventMetadata, 'occurredAt' | 'schemaVersion'> = {},
): NewEvent {
  return {
    type: event.type,
    // Event data are JSON objects; their interfaces just lack an index signature.
    data: event.data as unknown as EventData,
    metadata: { ...metadata, occurredAt: event.occurredAt, schemaVersion: event.schemaVersion },
  };
}

/** Upcasts a stored battery event; throws on an event type that is not a battery's. */
export function batteryEventFromStored(stored: StoredEvent): BatteryEvent {
  if (!isBatteryEventType(stored.type)) throw new Error(`${stored.type} is not a battery event`);
  return fromStored(stored) as unknown as BatteryEvent;
}

export function siteEventFromStored(stored: StoredEvent): SiteEvent {
  if (!isSiteEventType(stored.type)) throw new Error(`${stored.type} is not a site event`);
  return fromStored(stored) as unknown as SiteEvent;
}

export function organisationEventFromStored(stored: StoredEvent): OrganisationEvent {
  if (!isOrganisationEventType(stored.type)) throw new Error(`${stored.type} is not an organisation event`);
  return fromStored(stored) as unknown as OrganisationEvent;
}

/** The data's shape is the upcasted schema of its type, which the type guard above established. */
function fromStored(stored: StoredEvent): { type: string; schemaVersion: number; occurredAt: string; data: EventData } {
  const { schemaVersion, data } = upcast(stored.type, stored.metadata.schemaVersion, stored.data);
  return { type: stored.type, schemaVersion, occurredAt: stored.metadata.occurredAt, data };
}
