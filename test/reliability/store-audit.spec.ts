/**
 * The soak's verdict is only as good as its audit: each check must fire on the fault it looks
 * for. Logs are built here as an SQL store records them (positions = transaction × 10^6 + ordinal).
 */
import { randomUUID } from 'node:crypto';
import { computeEventHash, type RecordedEvent } from '#libs/event-store';
import type { Acknowledgement } from './support/ledger.js';
import { auditStore } from './support/store-audit.js';

class Log {
  readonly events: RecordedEvent[] = [];
  private transaction = 100;

  /** One append (one transaction) of `[streamId, type, data]` events. */
  append(...writes: [string, string, Record<string, unknown>][]): RecordedEvent[] {
    this.transaction++;
    return writes.map(([streamId, type, data], i) => {
      const previous = this.events.filter((e) => e.streamId === streamId).at(-1);
      const unhashed = {
        id: randomUUID(),
        streamId,
        type,
        data,
        metadata: { occurredAt: `2026-01-01T00:00:${String(this.transaction % 60).padStart(2, '0')}.000Z`, schemaVersion: 1 },
        revision: previous ? previous.revision + 1 : 0,
        position: String(this.transaction * 1_000_000 + i + 1),
        recordedAt: '2026-01-01T00:01:00.000Z',
        previousHash: previous?.hash ?? null,
      };
      const event = { ...unhashed, hash: computeEventHash(unhashed) };
      this.events.push(event);
      return event;
    });
  }
}

const SITE = 'site/S1';
const zoneOf = (capacity: number) => ({ zones: [{ zone: 'Z', kind: 'standard', capacity }] });
const store = (battery: string, slot: string): [string, string, Record<string, unknown>][] => [
  [battery, 'BatteryStored', { siteId: 'S1', zone: 'Z', slot }],
  [SITE, 'SiteSlotOccupied', { zone: 'Z', slot, batteryId: battery, hazardClass: 'intact' }],
];
const release = (battery: string, slot: string): [string, string, Record<string, unknown>][] => [
  [battery, 'BatteryReleasedFromStorage', { siteId: 'S1', zone: 'Z', slot, reason: 'picked' }],
  [SITE, 'SiteSlotVacated', { zone: 'Z', slot, batteryId: battery }],
];

function healthyLog(): { log: Log; acks: Acknowledgement[] } {
  const log = new Log();
  log.append([SITE, 'SiteCreated', zoneOf(1)]);
  const [registered] = log.append(['B1', 'BatteryRegistered', {}]);
  const [stored] = log.append(...store('B1', 'A-1'));
  log.append(...release('B1', 'A-1'));
  const ack = (command: string, event: RecordedEvent): Acknowledgement => ({
    command,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    expect: { type: event.type, occurredAt: event.metadata.occurredAt },
  });
  return { log, acks: [ack('register', registered!), ack('store', stored!)] };
}

describe('the store audit', () => {
  test('passes a healthy log', () => {
    const { log, acks } = healthyLog();
    expect(auditStore(log.events, acks).violations).toEqual([]);
  });

  test('finds a lost acknowledged event, a doubled one, and a revision gap', () => {
    const { log, acks } = healthyLog();
    const lost = log.events.filter((e) => e.type !== 'BatteryStored' && e.type !== 'SiteSlotOccupied');
    const lostViolations = auditStore(lost, acks).violations.join('\n');
    expect(lostViolations).toMatch(/store acknowledged at B1@1: the store has position \d+ there/);
    expect(lostViolations).toMatch(/B1: revision 2 at index 1 \(not contiguous\)/);

    const doubled = [...log.events, { ...log.events.find((e) => e.type === 'BatteryStored')!, revision: 3, id: randomUUID() }];
    expect(auditStore(doubled, acks).violations.join('\n')).toMatch(/2 events match/);
  });

  test('finds a broken hash chain', () => {
    const { log, acks } = healthyLog();
    const tampered = log.events.map((e) => (e.type === 'BatteryRegistered' ? { ...e, data: { forged: true } } : e));
    expect(auditStore(tampered, acks).violations).toEqual(['B1@0: hash does not verify']);
  });

  test('finds a half-applied storage command (battery side without the site side)', () => {
    const log = new Log();
    log.append([SITE, 'SiteCreated', zoneOf(2)]);
    log.append(store('B1', 'A-1')[0]!);
    expect(auditStore(log.events, []).violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/B1@0: BatteryStored S1\/Z\/A-1 without its SiteSlotOccupied in the same append/),
        expect.stringMatching(/disagree on slots/),
      ]),
    );
  });

  test('finds two batteries in one slot and a zone over capacity', () => {
    const log = new Log();
    log.append([SITE, 'SiteCreated', zoneOf(1)]);
    log.append(...store('B1', 'A-1'));
    log.append(...store('B2', 'A-1'));
    log.append(...store('B3', 'A-2'));
    const violations = auditStore(log.events, []).violations.join('\n');
    expect(violations).toMatch(/B2 put in S1\/Z\/A-1, which holds B1/);
    expect(violations).toMatch(/zone Z holds 2 > capacity 1/);
  });
});
