import { recordedLog, scenario } from '../../test/scenario.js';
import { projectEvents } from '../summaries/read-model-state.js';
import { lifecycleView } from './lifecycle-view.js';

describe('lifecycle view', () => {
  it('counts every registered battery by its furthest stage and by its passport status', () => {
    const log = recordedLog(scenario());
    expect(lifecycleView(projectEvents(log))).toEqual({
      asOfPosition: String(log.length),
      total: 10,
      transferredOut: 0,
      byStage: {
        registered: 1,
        received: 2,
        evaluated: 1,
        diagnosed: 0,
        certified: 2,
        'second-life': 2,
        'handed-over': 1,
        recycled: 1,
      },
      byStatus: { original: 6, 're-used': 1, repurposed: 1, remanufactured: 0, waste: 2 },
    });
  });

  it('keeps a revoked battery at the stage it reached', () => {
    const entries = scenario().filter(({ streamId }) => streamId === 'BAT-007');
    expect(lifecycleView(projectEvents(recordedLog(entries))).byStage.certified).toBe(1);
  });

  it('has every key, zeroed, before anything happened', () => {
    const view = lifecycleView(projectEvents([]));
    expect(view.asOfPosition).toBe('0');
    expect(view.total).toBe(0);
    expect(Object.values(view.byStage)).toEqual(Array(8).fill(0));
    expect(Object.values(view.byStatus)).toEqual(Array(5).fill(0));
  });
});
