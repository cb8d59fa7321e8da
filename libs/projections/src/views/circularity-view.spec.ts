import { recordedLog, scenario } from '../../test/scenario.js';
import { projectEvents } from '../summaries/read-model-state.js';
import { circularityView } from './circularity-view.js';

describe('circularity view', () => {
  it('counts batteries that ever reached each step, and the energy given a second life', () => {
    const log = recordedLog(scenario());
    expect(circularityView(projectEvents(log))).toEqual({
      asOfPosition: String(log.length),
      // BAT-005 went to recycling straight from registration: handed over, never received.
      received: 8,
      evaluated: 6,
      secondLife: {
        total: 2,
        byKind: { 're-used': 1, repurposed: 1, remanufactured: 0 },
        byApplication: { ess: 2, ev: 0, lmt: 0, ups: 0, 'ev-charger': 0, subscription: 0, other: 0 },
        // BAT-003's evaluation measured no remaining energy, so its rated 40 kWh counts; BAT-008 measured 30.25.
        energyKWh: 70.25,
      },
      handedOver: 2,
      recycled: 1,
      secondLifeShare: 0.5,
      transferredOut: 0,
    });
  });

  it('has no second-life share before any battery went either way', () => {
    const entries = scenario().filter(({ streamId }) => streamId === 'BAT-001');
    expect(circularityView(projectEvents(recordedLog(entries))).secondLifeShare).toBeNull();
  });
});
