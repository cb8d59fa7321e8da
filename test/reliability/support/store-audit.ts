/**
 * Checks a PostgreSQL event store after a soak against what the clients were told, from the
 * events alone: each acknowledged command's event is there exactly once, streams are
 * contiguous and hash-chained, no slot or zone rule was ever broken, and no storage command was
 * half-applied. Returns violations as sentences (an empty list passes), plus figures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { comparePositions, computeEventHash, type EventStore, type RecordedEvent } from '#libs/event-store';
import type { Acknowledgement, ExpectedEvent } from './ledger.js';

export interface StoreAudit {
  violations: string[];
  events: number;
  streams: number;
  acknowledgedChecked: number;
  storageMoves: number;
}

const SITE_PREFIX = 'site/';
/** SQL positions are transaction id × 1,000,000 + ordinal (libs/event-store README): one append, one transaction. */
const sameAppend = (a: string, b: string) => BigInt(a) / 1_000_000n === BigInt(b) / 1_000_000n;

function byStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  for (const stream of streams.values()) stream.sort((a, b) => a.revision - b.revision);
  return streams;
}

function checkChains(streams: Map<string, RecordedEvent[]>, violations: string[]): void {
  for (const [streamId, events] of streams) {
    events.forEach((event, i) => {
      if (event.revision !== i) violations.push(`${streamId}: revision ${event.revision} at index ${i} (not contiguous)`);
      const previousHash = i === 0 ? null : events[i - 1]!.hash;
      if (event.previousHash !== previousHash)
        violations.push(`${streamId}@${event.revision}: previousHash does not link to the event before`);
      if (event.hash !== computeEventHash(event)) violations.push(`${streamId}@${event.revision}: hash does not verify`);
    });
  }
}

function matches(event: RecordedEvent, expect: ExpectedEvent): boolean {
  if (event.type !== expect.type) return false;
  if (expect.occurredAt !== undefined && event.metadata.occurredAt !== expect.occurredAt) return false;
  return Object.entries(expect.data ?? {}).every(([key, value]) => isDeepStrictEqual(event.data[key], value));
}

function checkAcknowledged(streams: Map<string, RecordedEvent[]>, acks: Iterable<Acknowledgement>, violations: string[]): number {
  let checked = 0;
  const positions = new Set([...streams.values()].flatMap((events) => events.map((event) => event.position)));
  for (const ack of acks) {
    checked++;
    const events = streams.get(ack.streamId) ?? [];
    const what = `${ack.command} acknowledged at ${ack.streamId}@${ack.revision}`;
    const last = events[ack.revision];
    // The answer's position is the append's last event: this stream's, or the site stream's written with it.
    const answered =
      last !== undefined &&
      positions.has(ack.position) &&
      sameAppend(last.position, ack.position) &&
      comparePositions(ack.position, last.position) >= 0;
    if (!answered) {
      violations.push(`${what}: the store has ${last ? `position ${last.position}` : 'no event'} there, the answer said ${ack.position}`);
      continue;
    }
    const found = events.filter((event) => matches(event, ack.expect));
    if (found.length !== 1) violations.push(`${what}: ${found.length} events match ${JSON.stringify(ack.expect)} (exactly 1 expected)`);
    else if (found[0]!.revision > ack.revision || !sameAppend(found[0]!.position, ack.position)) {
      violations.push(`${what}: its ${ack.expect.type} is at revision ${found[0]!.revision}, not in the acknowledged append`);
    }
  }
  return checked;
}

interface Placement {
  zone: string;
  slot: string;
  batteryId: string;
}

/**
 * Folds every site stream in revision order (the order its optimistic concurrency imposed):
 * never two batteries in a slot, never more than `capacity` in a zone. Returns who is where at the end.
 */
function checkSites(streams: Map<string, RecordedEvent[]>, violations: string[]): Map<string, string> {
  const finalSlots = new Map<string, string>();
  for (const [streamId, events] of streams) {
    if (!streamId.startsWith(SITE_PREFIX)) continue;
    const siteId = streamId.slice(SITE_PREFIX.length);
    const capacity = new Map<string, number>();
    const slots = new Map<string, string>();
    for (const { type, data, revision } of events) {
      const { zone, slot, batteryId } = data as unknown as Placement;
      const key = `${siteId}/${zone}/${slot}`;
      if (type === 'SiteCreated') for (const z of data.zones as { zone: string; capacity: number }[]) capacity.set(z.zone, z.capacity);
      if (type === 'SiteSlotOccupied') {
        if (slots.has(key)) violations.push(`${streamId}@${revision}: ${batteryId} put in ${key}, which holds ${slots.get(key)}`);
        slots.set(key, batteryId);
        const occupied = [...slots.keys()].filter((k) => k.startsWith(`${siteId}/${zone}/`)).length;
        if (occupied > capacity.get(zone)!)
          violations.push(`${streamId}@${revision}: zone ${zone} holds ${occupied} > capacity ${capacity.get(zone)}`);
      }
      if (type === 'SiteSlotVacated') {
        if (slots.get(key) !== batteryId)
          violations.push(`${streamId}@${revision}: ${batteryId} left ${key}, which held ${slots.get(key) ?? 'nothing'}`);
        slots.delete(key);
      }
    }
    for (const [key, batteryId] of slots) finalSlots.set(key, batteryId);
  }
  return finalSlots;
}

/**
 * Every BatteryStored / BatteryReleasedFromStorage has its SiteSlotOccupied / SiteSlotVacated
 * in the same append and vice versa (no half-applied storage command); a battery is never
 * stored twice without a release; at the end, batteries and sites agree on who is where.
 */
function checkStorage(streams: Map<string, RecordedEvent[]>, finalSlots: Map<string, string>, violations: string[]): number {
  const siteSide = new Map<string, RecordedEvent>();
  for (const [streamId, events] of streams) {
    if (!streamId.startsWith(SITE_PREFIX)) continue;
    for (const event of events) {
      if (event.type !== 'SiteSlotOccupied' && event.type !== 'SiteSlotVacated') continue;
      const { zone, slot, batteryId } = event.data as unknown as Placement;
      siteSide.set(
        `${event.type}|${streamId.slice(SITE_PREFIX.length)}/${zone}/${slot}|${batteryId}|${BigInt(event.position) / 1_000_000n}`,
        event,
      );
    }
  }
  const finalLocations = new Map<string, string>();
  let moves = 0;
  for (const [streamId, events] of streams) {
    if (streamId.startsWith(SITE_PREFIX)) continue;
    let location: string | undefined;
    for (const event of events) {
      if (event.type !== 'BatteryStored' && event.type !== 'BatteryReleasedFromStorage') continue;
      moves++;
      const { siteId, zone, slot } = event.data as { siteId: string; zone: string; slot: string };
      const key = `${siteId}/${zone}/${slot}`;
      const counterpart = event.type === 'BatteryStored' ? 'SiteSlotOccupied' : 'SiteSlotVacated';
      const pairKey = `${counterpart}|${key}|${streamId}|${BigInt(event.position) / 1_000_000n}`;
      if (!siteSide.delete(pairKey))
        violations.push(`${streamId}@${event.revision}: ${event.type} ${key} without its ${counterpart} in the same append`);
      if (event.type === 'BatteryStored') {
        if (location !== undefined) violations.push(`${streamId}@${event.revision}: stored in ${key} while still in ${location}`);
        location = key;
      } else {
        if (location !== key) violations.push(`${streamId}@${event.revision}: released from ${key} but was in ${location ?? 'no slot'}`);
        location = undefined;
      }
    }
    if (location !== undefined) finalLocations.set(location, streamId);
  }
  for (const event of siteSide.values())
    violations.push(`${event.streamId}@${event.revision}: ${event.type} without its battery event in the same append`);
  if (!isDeepStrictEqual(new Map([...finalLocations].sort()), new Map([...finalSlots].sort()))) {
    violations.push(
      `batteries and sites disagree on slots: batteries say ${JSON.stringify([...finalLocations])}, sites say ${JSON.stringify([...finalSlots])}`,
    );
  }
  return moves;
}

export function auditStore(events: readonly RecordedEvent[], acknowledged: Iterable<Acknowledgement>): StoreAudit {
  const violations: string[] = [];
  const streams = byStream(events);
  checkChains(streams, violations);
  const acknowledgedChecked = checkAcknowledged(streams, acknowledged, violations);
  const finalSlots = checkSites(streams, violations);
  const storageMoves = checkStorage(streams, finalSlots, violations);
  return { violations, events: events.length, streams: streams.size, acknowledgedChecked, storageMoves };
}

/**
 * The whole log once subscribers can see `position` (the last acknowledged one): reads stop at the
 * visibility horizon, which any open writing transaction on the server holds back for a while.
 */
export async function readLogThrough(store: EventStore, position: string, timeoutMs = 60_000): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  while (comparePositions(await store.headPosition(), position) < 0) {
    if (Date.now() > deadline) throw new Error(`the log did not become visible up to ${position} within ${timeoutMs} ms`);
    await sleep(50);
  }
  return store.readAll();
}

/** The greatest position among `acknowledged` ("0" for none). */
export function lastPosition(acknowledged: Iterable<Acknowledgement>): string {
  let last = '0';
  for (const { position } of acknowledged) if (comparePositions(position, last) > 0) last = position;
  return last;
}
