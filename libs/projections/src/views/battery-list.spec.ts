import { recordedLog, scenario } from '../../test/scenario.js';
import { projectEvents } from '../summaries/read-model-state.js';
import { BATTERY_LIST_LIMIT, InvalidBatteryListQuery, batteryList, type BatteryListQuery } from './battery-list.js';

describe('battery list', () => {
  const state = projectEvents(recordedLog(scenario()));
  const ids = (query: BatteryListQuery) => batteryList(state, query).items.map((item) => item.batteryId);

  it('lists batteries in id order with their status, stage, chemistry, grade and location', () => {
    const { items, nextCursor } = batteryList(state);
    expect(items.map((item) => item.batteryId)).toEqual([
      'BAT-001',
      'BAT-002',
      'BAT-003',
      'BAT-004',
      'BAT-005',
      'BAT-006',
      'BAT-007',
      'BAT-008',
      'BAT-009',
      'BAT-010',
    ]);
    expect(items[0]).toEqual({
      batteryId: 'BAT-001',
      status: 'original',
      stage: 'evaluated',
      chemistry: 'NMC',
      grade: 'A',
      location: { siteId: 'S1', zone: 'Z-STD', slot: '1' },
    });
    expect(items[6]).toMatchObject({ batteryId: 'BAT-007', grade: 'A', location: null });
    expect(items[8]).toMatchObject({ batteryId: 'BAT-009', grade: null });
    expect(nextCursor).toBeNull();
  });

  it('filters on every field given', () => {
    expect(ids({ grade: 'A' })).toEqual(['BAT-001', 'BAT-006', 'BAT-007']);
    expect(ids({ stage: 'certified' })).toEqual(['BAT-006', 'BAT-007']);
    expect(ids({ chemistry: 'LFP' })).toEqual(['BAT-002', 'BAT-006', 'BAT-009']);
    expect(ids({ status: 'waste', chemistry: 'NMC' })).toEqual(['BAT-005']);
    // The site holding the battery: BAT-003 and BAT-008 went to a second life, BAT-004 to recycling.
    expect(ids({ siteId: 'S1' })).toEqual(['BAT-001', 'BAT-002', 'BAT-006', 'BAT-007']);
    expect(ids({ siteId: 'S2' })).toEqual(['BAT-010']);
  });

  it('pages by cursor until a page has no successor', () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = batteryList(state, { status: 'original', limit: 2, cursor });
      pages.push(page.items.map((item) => item.batteryId));
      cursor = page.nextCursor ?? undefined;
      if (cursor !== undefined) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor !== undefined);
    expect(pages).toEqual([
      ['BAT-001', 'BAT-002'],
      ['BAT-006', 'BAT-007'],
      ['BAT-009', 'BAT-010'],
    ]);
  });

  it('refuses a limit out of range and a cursor it did not hand out', () => {
    for (const limit of [0, BATTERY_LIST_LIMIT.max + 1, 1.5]) {
      expect(() => batteryList(state, { limit })).toThrow(expect.objectContaining({ field: 'limit' }));
    }
    for (const cursor of ['nope', Buffer.from('{"before":"x"}').toString('base64url')]) {
      expect(() => batteryList(state, { cursor })).toThrow(InvalidBatteryListQuery);
    }
  });
});
