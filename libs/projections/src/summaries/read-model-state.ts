import type { RecordedEvent } from '#libs/event-store';
import { evolveSummary, summarize, type BatterySummary, type SummaryDocument } from './battery-summary.js';
import type { CertificateSummary } from './certificate-summary.js';
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
  const batteries = new Map<string, SummaryDocument>();
  const zones: ZoneSummary[] = [];
  let position = '0';
  for (const event of events) {
    position = event.position;
    const batteryEvent = batteryEventOf(event);
    if (batteryEvent !== null) batteries.set(event.streamId, evolveSummary(batteries.get(event.streamId), batteryEvent));
    const siteCreated = siteCreatedOf(event);
    if (siteCreated !== null) zones.push(...zonesOf(siteCreated));
  }
  const documents = [...batteries.values()];
  return {
    position,
    batteries: documents.map(summarize),
    certificates: documents.flatMap((document) => document.certificates),
    zones,
  };
}
