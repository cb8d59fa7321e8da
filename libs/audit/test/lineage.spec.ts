import { traceLineage, type LineageFacts, type LineageLimits } from '../src/index.js';

type World = Record<string, Partial<LineageFacts>>;

/** Facts as the API derives them: `namedBy` inverts every registered battery's predecessorIds. */
function lookupIn(world: World) {
  const calls: string[] = [];
  const lookup = async (batteryId: string): Promise<LineageFacts> => {
    calls.push(batteryId);
    const own = world[batteryId];
    const namedBy = Object.keys(world).filter((id) => world[id]!.predecessorIds?.includes(batteryId));
    if (!own) return { status: null, predecessorIds: [], successorIds: [], namedBy };
    return { status: own.status ?? 'original', predecessorIds: own.predecessorIds ?? [], successorIds: own.successorIds ?? [], namedBy };
  };
  return { lookup, calls };
}

describe('traceLineage', () => {
  it('many-to-one: two modules repurposed into one storage pack, walked both ways', async () => {
    const { lookup } = lookupIn({
      M1: { status: 'repurposed', predecessorIds: ['P1'], successorIds: ['ESS'] },
      M2: { status: 'repurposed', successorIds: ['ESS'] },
      ESS: { predecessorIds: ['M1', 'M2'] },
    });
    expect(await traceLineage('ESS', lookup)).toEqual({
      batteryId: 'ESS',
      status: 'original',
      predecessors: [
        {
          batteryId: 'M1',
          status: 'repurposed',
          confirmed: true,
          predecessors: [{ batteryId: 'P1', status: null, confirmed: false, predecessors: [] }],
        },
        { batteryId: 'M2', status: 'repurposed', confirmed: true, predecessors: [] },
      ],
      successors: [],
    });
    expect((await traceLineage('M2', lookup))!.successors).toEqual([
      { batteryId: 'ESS', status: 'original', confirmed: true, successors: [] },
    ]);
  });

  it('one-to-many: successors naming a pack show before the pack confirms them; confirmed ones first', async () => {
    const { lookup } = lookupIn({
      PACK: { status: 'repurposed', successorIds: ['MOD-B'] },
      'MOD-A': { predecessorIds: ['PACK'] },
      'MOD-B': { predecessorIds: ['PACK'] },
    });
    expect((await traceLineage('PACK', lookup))!.successors).toEqual([
      { batteryId: 'MOD-B', status: 'original', confirmed: true, successors: [] },
      { batteryId: 'MOD-A', status: 'original', confirmed: false, successors: [] },
    ]);
  });

  it('finishes on a cycle and marks where it stopped', async () => {
    const { lookup, calls } = lookupIn({ A: { predecessorIds: ['B'] }, B: { predecessorIds: ['C'] }, C: { predecessorIds: ['A'] } });
    const lineage = (await traceLineage('A', lookup))!;
    expect(lineage.predecessors).toEqual([
      {
        batteryId: 'B',
        status: 'original',
        confirmed: false,
        predecessors: [
          {
            batteryId: 'C',
            status: 'original',
            confirmed: false,
            predecessors: [{ batteryId: 'A', status: 'original', confirmed: false, predecessors: [], repeated: true }],
          },
        ],
      },
    ]);
    expect(lineage.successors[0]).toMatchObject({
      batteryId: 'C',
      successors: [{ batteryId: 'B', successors: [{ batteryId: 'A', repeated: true }] }],
    });
    expect(new Set(calls)).toEqual(new Set(['A', 'B', 'C']));
    expect(calls).toHaveLength(3);
  });

  it('expands a shared ancestor once', async () => {
    const { lookup } = lookupIn({
      X: { predecessorIds: ['L', 'R'] },
      L: { predecessorIds: ['ROOT'] },
      R: { predecessorIds: ['ROOT'] },
      ROOT: { predecessorIds: ['OLD'] },
    });
    const [left, right] = (await traceLineage('X', lookup))!.predecessors;
    expect(left!.predecessors).toEqual([
      {
        batteryId: 'ROOT',
        status: 'original',
        confirmed: false,
        predecessors: [{ batteryId: 'OLD', status: null, confirmed: false, predecessors: [] }],
      },
    ]);
    expect(right!.predecessors).toEqual([{ batteryId: 'ROOT', status: 'original', confirmed: false, predecessors: [], repeated: true }]);
  });

  it('stops at the depth and size limits, marking the cut nodes', async () => {
    const chain: World = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`B${i}`, { predecessorIds: [`B${i + 1}`] }]));
    const limits: LineageLimits = { maxDepth: 3, maxNodes: 100 };
    const { lookup } = lookupIn(chain);
    const deep = (await traceLineage('B0', lookup, limits))!.predecessors;
    expect(deep[0]!.predecessors![0]!.predecessors![0]).toEqual({
      batteryId: 'B3',
      status: 'original',
      confirmed: false,
      predecessors: [],
      truncated: true,
    });

    const wide: World = {
      HUB: { predecessorIds: ['P1', 'P2'] },
      P1: { predecessorIds: ['Q1', 'Q2'] },
      P2: { predecessorIds: ['Q3', 'Q4'] },
    };
    const narrow = (await traceLineage('HUB', lookupIn(wide).lookup, { maxDepth: 10, maxNodes: 4 }))!.predecessors;
    expect(narrow.map((n) => [n.batteryId, n.predecessors!.length, n.truncated])).toEqual([
      ['P1', 2, undefined],
      ['P2', 0, true],
    ]);
  });

  it('is undefined for a battery that is not registered', async () => {
    expect(await traceLineage('NOPE', lookupIn({ A: { predecessorIds: ['NOPE'] } }).lookup)).toBeUndefined();
  });
});
