import { NOW, recordedLog, scenario } from '../../test/scenario.js';
import { projectEvents } from '../summaries/read-model-state.js';
import { inventoryView } from './inventory-view.js';

const noHazard = { intact: 0, 'damaged-non-critical': 0, 'damaged-critical': 0 };
const noSoc = { '<30': 0, '30-50': 0, '50-80': 0, '>80': 0, unknown: 0 };

describe('inventory view', () => {
  const state = projectEvents(recordedLog(scenario()));

  it('lists every zone of every site with what is stored in it now', () => {
    expect(inventoryView(state, { now: NOW })).toEqual({
      asOfPosition: state.position,
      sites: [
        {
          siteId: 'S1',
          zones: [
            {
              // BAT-001 (stored at SoC 50 over its receipt's 45, 28 days) and BAT-006 (SoC 80, 8.5 days);
              // BAT-007 was released.
              zone: 'Z-STD',
              kind: 'standard',
              capacity: 3,
              occupied: 2,
              free: 1,
              byHazardClass: { ...noHazard, intact: 2 },
              bySocBand: { ...noSoc, '50-80': 1, '>80': 1 },
              meanDwellDays: 18.25,
            },
            {
              // BAT-002 kept its receipt's SoC 20: its storage recorded none.
              zone: 'Z-ISO',
              kind: 'isolation',
              capacity: 2,
              occupied: 1,
              free: 1,
              byHazardClass: { ...noHazard, 'damaged-critical': 1 },
              bySocBand: { ...noSoc, '<30': 1 },
              meanDwellDays: 14,
            },
          ],
        },
        {
          siteId: 'S2',
          zones: [
            {
              zone: 'A',
              kind: 'standard',
              capacity: 1,
              occupied: 1,
              free: 0,
              byHazardClass: { ...noHazard, intact: 1 },
              bySocBand: { ...noSoc, unknown: 1 },
              meanDwellDays: 1,
            },
          ],
        },
      ],
    });
  });

  it('has no mean dwell time for an empty zone, and measures dwell on the reading clock', () => {
    const later = inventoryView(state, { now: new Date('2025-03-11T00:00:00.000Z') });
    expect(later.sites[0].zones[0].meanDwellDays).toBe(28.25);
    const beforeStorage = projectEvents(recordedLog(scenario().filter(({ event }) => event.type === 'SiteCreated')));
    expect(inventoryView(beforeStorage, { now: NOW }).sites[1].zones[0]).toMatchObject({ occupied: 0, free: 1, meanDwellDays: null });
  });
});
