import { describeOnStores, type ApiHarness } from './support/api-harness.js';
import { aRegistration } from '#libs/battery-journey';
import { lifecycleSteps } from './support/lifecycle-steps.js';

async function register(api: ApiHarness, overrides: Record<string, unknown>): Promise<string> {
  const { response, id } = await lifecycleSteps(api).register(overrides);
  expect(response.status).toBe(201);
  return id;
}

/** Received, graded A, diagnosed and certified for `ess`: what a second life needs. */
async function certifyForEss(api: ApiHarness, batteryId: string, siteId: string): Promise<void> {
  const steps = lifecycleSteps(api);
  await steps.receive(batteryId, siteId).expect(201);
  await steps.evaluate(batteryId).expect(201);
  await steps.diagnose(batteryId).expect(201);
  await steps.certify(batteryId).expect(201);
}

const repurpose = (api: ApiHarness, batteryId: string, successorBatteryId: string) =>
  lifecycleSteps(api).secondLife(batteryId, { kind: 'repurposed', successorBatteryId }).expect(201);

const node = (
  batteryId: string,
  status: string | null,
  confirmed: boolean,
  direction: 'predecessors' | 'successors',
  branch: unknown[] = [],
) => ({
  batteryId,
  status,
  confirmed,
  [direction]: branch,
});

describeOnStores('battery lineage over HTTP', (api) => {
  const lineage = async (batteryId: string) =>
    (await api().http.get(`/api/v1/batteries/${batteryId}/lineage`).set(api().bearer('auditor')).expect(200)).body;

  /**
   * A pack is dismantled into two modules (one-to-many); one of them and a module from elsewhere
   * are rebuilt into a stationary storage pack (many-to-one):
   *   PACK ──► MOD-A ──► ESS ◄── MOD-C
   *        └─► MOD-B
   */
  test('one-to-many and many-to-one, walked both ways, before and after each side confirms', async () => {
    const { response, site } = await lifecycleSteps(api()).createSite();
    expect(response.status).toBe(201);
    const pack = await register(api(), {});
    const modA = await register(api(), { level: 'module', parentBatteryId: pack, predecessorIds: [pack] });
    const modB = await register(api(), { level: 'module', parentBatteryId: pack, predecessorIds: [pack] });

    // The modules name the pack from their registration on; the pack has not recorded its second life yet.
    expect(await lineage(pack)).toEqual({
      batteryId: pack,
      origin: null, // not imported from another instance
      status: 'original',
      predecessors: [],
      successors: [node(modA, 'original', false, 'successors'), node(modB, 'original', false, 'successors')].sort((a, b) =>
        a.batteryId < b.batteryId ? -1 : 1,
      ),
    });

    await certifyForEss(api(), pack, site.siteId);
    await repurpose(api(), pack, modA);
    const modC = await register(api(), { level: 'module' });
    const ess = await register(api(), { category: 'stationary', predecessorIds: [modA, modC] });
    // Found through ESS's registration alone: MOD-C has not recorded its second life yet.
    expect((await lineage(modC)).successors).toEqual([node(ess, 'original', false, 'successors')]);
    for (const module of [modA, modC]) {
      await certifyForEss(api(), module, site.siteId);
      await repurpose(api(), module, ess);
    }

    expect(await lineage(ess)).toEqual({
      batteryId: ess,
      origin: null, // not imported from another instance
      status: 'original',
      predecessors: [
        node(modA, 'repurposed', true, 'predecessors', [node(pack, 'repurposed', true, 'predecessors')]),
        node(modC, 'repurposed', true, 'predecessors'),
      ],
      successors: [],
    });
    expect(await lineage(pack)).toEqual({
      batteryId: pack,
      origin: null, // not imported from another instance
      status: 'repurposed',
      predecessors: [],
      successors: [
        node(modA, 'repurposed', true, 'successors', [node(ess, 'original', true, 'successors')]),
        node(modB, 'original', false, 'successors'),
      ],
    });
    expect(await lineage(modB)).toEqual({
      batteryId: modB,
      origin: null, // not imported from another instance
      status: 'original',
      predecessors: [node(pack, 'repurposed', false, 'predecessors')],
      successors: [],
    });
    expect(await lineage(modC)).toEqual({
      batteryId: modC,
      origin: null, // not imported from another instance
      status: 'repurposed',
      predecessors: [],
      successors: [node(ess, 'original', true, 'successors')],
    });
  });

  test('a cycle of registrations ends where a battery repeats', async () => {
    const first = aRegistration();
    const second = await register(api(), { predecessorIds: [first.batteryId] });
    await register(api(), { batteryId: first.batteryId, predecessorIds: [second] });

    const repeated = { ...node(first.batteryId, 'original', false, 'predecessors'), repeated: true };
    expect(await lineage(first.batteryId)).toEqual({
      batteryId: first.batteryId,
      origin: null, // not imported from another instance
      status: 'original',
      predecessors: [node(second, 'original', false, 'predecessors', [repeated])],
      successors: [
        node(second, 'original', false, 'successors', [{ ...node(first.batteryId, 'original', false, 'successors'), repeated: true }]),
      ],
    });
  });

  test('a predecessor never registered here shows with status null', async () => {
    const elsewhere = 'KR-LEGACY-PACK-0001';
    const battery = await register(api(), { predecessorIds: [elsewhere] });
    expect((await lineage(battery)).predecessors).toEqual([node(elsewhere, null, false, 'predecessors')]);
  });
});
