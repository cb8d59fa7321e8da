import { LogBuilder, recordedLog, scenario } from '../../test/scenario.js';
import { SOH_BANDS } from '../summaries/bands.js';
import { projectEvents } from '../summaries/read-model-state.js';
import { gradesView } from './grades-view.js';

const histogram = (counts: Partial<Record<(typeof SOH_BANDS)[number], number>>) => ({
  ...Object.fromEntries(SOH_BANDS.map((band) => [band, 0])),
  ...counts,
});
const none = { A: 0, B: 0, C: 0, sohHistogram: histogram({}) };

describe('grades view', () => {
  it("counts each evaluated battery's latest grade and state of health band by chemistry", () => {
    expect(gradesView(projectEvents(recordedLog(scenario()))).byChemistry).toEqual({
      // SoH 90 and 70 sit on their bands' lower edges; 100 belongs to 90-100.
      NMC: { A: 2, B: 2, C: 0, sohHistogram: histogram({ '60-70': 1, '70-80': 1, '80-90': 1, '90-100': 1 }) },
      NCA: { A: 0, B: 0, C: 1, sohHistogram: histogram({ '50-60': 1 }) },
      LFP: { A: 1, B: 0, C: 0, sohHistogram: histogram({ '90-100': 1 }) },
      LMO: none,
      LTO: none,
      other: none,
    });
  });

  it('counts only the latest evaluation of a battery evaluated twice', () => {
    const log = new LogBuilder();
    log
      .battery('BAT-1', 'NMC', 60)
      .received('2025-01-03T00:00:00.000Z', 'S1', 'intact')
      .evaluated('2025-01-04T00:00:00.000Z', 'A', 90)
      .evaluated('2025-01-05T00:00:00.000Z', 'B', 79.99);
    expect(gradesView(projectEvents(recordedLog(log.entries))).byChemistry.NMC).toEqual({
      A: 0,
      B: 1,
      C: 0,
      sohHistogram: histogram({ '70-80': 1 }),
    });
  });
});
