import type { RecordedEvent } from '#libs/event-store';
import {
  batteryEventFromStored,
  isBatteryEventType,
  isSiteEventType,
  siteEventFromStored,
  type BatteryEvent,
  type SiteCreated,
} from '#libs/lifecycle';

/**
 * The domain's form of a stored event, upcast to the current schema. A battery's stream is named
 * by the bare battery id, so the event type, not the stream name, tells battery events apart.
 */
export function batteryEventOf(event: RecordedEvent): BatteryEvent | null {
  return isBatteryEventType(event.type) ? batteryEventFromStored(event) : null;
}

export function siteCreatedOf(event: RecordedEvent): SiteCreated | null {
  if (!isSiteEventType(event.type)) return null;
  const siteEvent = siteEventFromStored(event);
  return siteEvent.type === 'SiteCreated' ? siteEvent : null;
}
