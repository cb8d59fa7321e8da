import { recordedLog, scenario } from '../../test/scenario.js';
import { projectEvents } from '../summaries/read-model-state.js';
import { materialsView } from './materials-view.js';

describe('materials view', () => {
  it('sets what recycling recovered against what the recycled batteries declared', () => {
    const log = recordedLog(scenario());
    expect(materialsView(projectEvents(log))).toEqual({
      asOfPosition: String(log.length),
      batteriesRecycled: 1,
      inputMassKg: 400,
      elements: {
        lithium: { declaredKg: 5, recoveredKg: 3, recoveryPct: 60, targetPct: 50 },
        cobalt: { declaredKg: 3, recoveredKg: 2, recoveryPct: 66.67, targetPct: 90 },
        nickel: { declaredKg: 20, recoveredKg: 18.5, recoveryPct: 92.5, targetPct: 90 },
        manganese: { declaredKg: 0, recoveredKg: 0, recoveryPct: null, targetPct: null },
        copper: { declaredKg: 8, recoveredKg: 8, recoveryPct: 100, targetPct: 90 },
        // Recovered but never declared: nothing to divide by.
        aluminium: { declaredKg: 0, recoveredKg: 12, recoveryPct: null, targetPct: null },
        graphite: { declaredKg: 0, recoveredKg: 0, recoveryPct: null, targetPct: null },
      },
      // 43.5 kg of 400 kg is 10.875 %, rounded half up.
      recyclingEfficiencyPct: 10.88,
    });
  });

  it('leaves out batteries without a recycling outcome, and has no efficiency before one', () => {
    const entries = scenario().filter(({ streamId }) => streamId === 'BAT-001' || streamId === 'BAT-005');
    const view = materialsView(projectEvents(recordedLog(entries)));
    expect(view).toMatchObject({ batteriesRecycled: 0, inputMassKg: 0, recyclingEfficiencyPct: null });
    expect(view.elements.lithium).toEqual({ declaredKg: 0, recoveredKg: 0, recoveryPct: null, targetPct: 50 });
  });
});
