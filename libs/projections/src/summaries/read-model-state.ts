import type { RecordedEvent } from '#libs/event-store';
import { summarize, trackBattery, type BatterySummary, type TrackedBattery } from './battery-summary.js';
import { certificatesOf, type CertificateSummary } from './certificate-summary.js';
import { batteryEventOf, siteCreatedOf } from './domain-events.js';
import { zonesOf, type ZoneSummary } from './zone-summary.js';

/** Everything the views read, folded in memory: the reference the SQL read models must match. */
export interface ReadModelState {
  /** Position of the last event folded in ("0" before any). */
  position: string;
  batteries: BatterySummary[];
  certificates: CertificateSummary[];
  zones: ZoneSummary[];
}

export function projectEvents(events: Iterable<RecordedEvent>): ReadModelState {
  const batteries = new Map<string, TrackedBattery>();
  const zones: ZoneSummary[] = [];
  let position = '0';
  for (const event of events) {
    position = event.position;
    const batteryEvent = batteryEventOf(event);
    if (batteryEvent !== null) batteries.set(event.streamId, trackBattery(batteries.get(event.streamId), batteryEvent));
    const siteCreated = siteCreatedOf(event);
    if (siteCreated !== null) zones.push(...zonesOf(siteCreated));
  }
  const tracked = [...batteries.values()];
  return {
    position,
    batteries: tracked.map(summarize),
    certificates: tracked.flatMap(({ battery }) => certificatesOf(battery)),
    zones,
  };
}
