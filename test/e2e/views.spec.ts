import type { Response } from 'supertest';
import { PROJECTIONS } from '#libs/projections';
import { waitFor } from '../support/async.js';
import { describeOnStores, type ApiHarness } from './support/api-harness.js';
import { aSite } from '#libs/battery-journey';
import { lifecycleSteps } from './support/lifecycle-steps.js';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const VIEWS = ['inventory', 'lifecycle', 'grades', 'circularity', 'materials', 'certificates'] as const;
const sohHistogram = (counts: Record<string, number> = {}) => ({
  '0-10': 0,
  '10-20': 0,
  '20-30': 0,
  '30-40': 0,
  '40-50': 0,
  '50-60': 0,
  '60-70': 0,
  '70-80': 0,
  '80-90': 0,
  '90-100': 0,
  ...counts,
});
const grades = (counts: { A?: number; B?: number; C?: number; soh?: Record<string, number> } = {}) => ({
  A: counts.A ?? 0,
  B: counts.B ?? 0,
  C: counts.C ?? 0,
  sohHistogram: sohHistogram(counts.soh),
});

interface Scenario {
  siteId: string;
  ids: Record<'b1' | 'b2' | 'b3' | 'b4' | 'b5' | 'b6' | 'b7', string>;
  /** `position` of the last command sent. */
  lastPosition: string;
}

/**
 * Seven batteries at one site (Z-A standard, capacity 3; Z-ISO isolation, capacity 1), each
 * stopping at a different step, so every figure of every view is worked out by hand below.
 * Every battery is the fixture pack (64 kWh, 410 kg, Li 6.2 / Co 4.1 / Ni 24.5 / Mn 4.3 / Cu 18 /
 * Al 95 / graphite 48 kg) in the chemistry given:
 * - b1 NMC: received (SoC 45), evaluated SoH 86.4 → A, stored Z-A/S1 at SoC 40 ten days ago
 * - b2 LFP: received damaged-critical at SoC 20, stored Z-ISO/I1 two days ago (no SoC given)
 * - b3 NMC: evaluated SoH 72 → B with 40 kWh left, diagnosed, certified for ess+ups, re-used in ess
 * - b4 NCA: evaluated SoH 55 → C, handed over, recycled: 400 kg in, Li 3 / Co 3.8 / Ni 22 kg out
 * - b5 NMC: evaluated SoH 91 → A, diagnosed, certified for ev-charger, stored Z-A/S2 at SoC 85 four days ago
 * - b6 LMO: registered only
 * - b7 LFP: evaluated SoH 88 → A, diagnosed, certified for ess, handed over (which revokes the certificate)
 */
async function driveScenario(api: ApiHarness): Promise<Scenario> {
  const steps = lifecycleSteps(api);
  let lastPosition = '0';
  const sent = async (request: PromiseLike<Response>) => {
    const response = await request;
    if (response.status !== 201) throw new Error(`command answered ${response.status}: ${JSON.stringify(response.body)}`);
    lastPosition = response.body.position;
  };
  const registered = async (chemistry: string) => {
    const { response, id } = await steps.register({ chemistry });
    await sent(Promise.resolve(response));
    return id;
  };

  const site = aSite({
    zones: [
      { zone: 'Z-A', kind: 'standard', capacity: 3 },
      { zone: 'Z-ISO', kind: 'isolation', capacity: 1 },
    ],
  });
  await steps.createSite(site);
  const siteId = site.siteId;
  const ids = {
    b1: await registered('NMC'),
    b2: await registered('LFP'),
    b3: await registered('NMC'),
    b4: await registered('NCA'),
    b5: await registered('NMC'),
    b6: await registered('LMO'),
    b7: await registered('LFP'),
  };

  await sent(steps.receive(ids.b1, siteId, { stateOfChargePct: 45 }));
  await sent(steps.evaluate(ids.b1, { stateOfHealthPct: 86.4 }));
  await sent(steps.store(ids.b1, siteId, 'Z-A', 'S1', { stateOfChargePct: 40, occurredAt: daysAgo(10) }));

  await sent(steps.receive(ids.b2, siteId, { hazardClass: 'damaged-critical', stateOfChargePct: 20 }));
  await sent(steps.store(ids.b2, siteId, 'Z-ISO', 'I1', { occurredAt: daysAgo(2) }));

  await sent(steps.receive(ids.b3, siteId, { stateOfChargePct: 60 }));
  await sent(steps.evaluate(ids.b3, { stateOfHealthPct: 72, remainingEnergyKWh: 40 }));
  await sent(steps.diagnose(ids.b3));
  await sent(steps.certify(ids.b3, { applications: ['ess', 'ups'] }));
  await sent(steps.secondLife(ids.b3, { kind: 're-used', application: 'ess' }));

  await sent(steps.receive(ids.b4, siteId));
  await sent(steps.evaluate(ids.b4, { stateOfHealthPct: 55, remainingEnergyKWh: 30 }));
  await sent(steps.handOver(ids.b4));
  await sent(steps.outcome(ids.b4, { inputMassKg: 400, recovered: { lithiumKg: 3, cobaltKg: 3.8, nickelKg: 22 } }));

  await sent(steps.receive(ids.b5, siteId));
  await sent(steps.evaluate(ids.b5, { stateOfHealthPct: 91 }));
  await sent(steps.diagnose(ids.b5));
  await sent(steps.certify(ids.b5, { applications: ['ev-charger'] }));
  await sent(steps.store(ids.b5, siteId, 'Z-A', 'S2', { stateOfChargePct: 85, occurredAt: daysAgo(4) }));

  await sent(steps.receive(ids.b7, siteId));
  await sent(steps.evaluate(ids.b7, { stateOfHealthPct: 88 }));
  await sent(steps.diagnose(ids.b7));
  await sent(steps.certify(ids.b7, { applications: ['ess'] }));
  await sent(steps.handOver(ids.b7));

  return { siteId, ids, lastPosition };
}

const atLeast = (position: string, minimum: string) => BigInt(position) >= BigInt(minimum);

describeOnStores('views and the battery list read model', (api) => {
  let scenario: Scenario;
  const get = (path: string, query: Record<string, string> = {}, role: 'auditor' | 'admin' | 'operator' = 'auditor') =>
    api().http.get(path).query(query).set(api().bearer(role));
  /** Read-your-writes: every read waits for the last command's position. */
  const view = (name: string) => get(`/api/v1/views/${name}`, { minPosition: scenario.lastPosition }).expect(200);
  const list = (query: Record<string, string> = {}) => get('/api/v1/batteries', { minPosition: scenario.lastPosition, ...query });
  const listIds = async (query: Record<string, string>) =>
    ((await list(query).expect(200)).body.items as { batteryId: string }[]).map((item) => item.batteryId);
  const sorted = (...ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    scenario = await driveScenario(api());
  }, 60_000);

  test('every view answers at or after the position of the last command', async () => {
    for (const name of VIEWS) {
      const { body } = await view(name);
      expect(atLeast(body.asOfPosition, scenario.lastPosition)).toBe(true);
    }
  });

  test('lifecycle: every battery by furthest stage and by passport status, zeros included', async () => {
    const { body } = await view('lifecycle');
    expect(body).toEqual({
      asOfPosition: expect.any(String),
      total: 7,
      transferredOut: 0,
      byStage: { registered: 1, received: 1, evaluated: 1, diagnosed: 0, certified: 1, 'second-life': 1, 'handed-over': 1, recycled: 1 },
      byStatus: { original: 4, 're-used': 1, repurposed: 0, remanufactured: 0, waste: 2 },
    });
  });

  test('grades: latest grade and state-of-health bucket per chemistry', async () => {
    const { body } = await view('grades');
    expect(body).toEqual({
      asOfPosition: expect.any(String),
      byChemistry: {
        NMC: grades({ A: 2, B: 1, soh: { '70-80': 1, '80-90': 1, '90-100': 1 } }),
        NCA: grades({ C: 1, soh: { '50-60': 1 } }),
        LFP: grades({ A: 1, soh: { '80-90': 1 } }),
        LMO: grades(),
        LTO: grades(),
        other: grades(),
      },
    });
  });

  test('circularity: steps reached, second life by kind and application, its energy, the second-life share', async () => {
    const { body } = await view('circularity');
    expect(body).toEqual({
      asOfPosition: expect.any(String),
      received: 6,
      evaluated: 5,
      secondLife: {
        total: 1,
        byKind: { 're-used': 1, repurposed: 0, remanufactured: 0 },
        byApplication: { ess: 1, ev: 0, lmt: 0, ups: 0, 'ev-charger': 0, subscription: 0, other: 0 },
        energyKWh: 40,
      },
      handedOver: 2,
      recycled: 1,
      secondLifeShare: 1 / 3,
      transferredOut: 0,
    });
  });

  test('materials: recovered against declared content and the 2027 targets, over the recycled battery', async () => {
    const { body } = await view('materials');
    expect(body).toEqual({
      asOfPosition: expect.any(String),
      batteriesRecycled: 1,
      inputMassKg: 400,
      elements: {
        lithium: { declaredKg: 6.2, recoveredKg: 3, recoveryPct: 48.39, targetPct: 50 },
        cobalt: { declaredKg: 4.1, recoveredKg: 3.8, recoveryPct: 92.68, targetPct: 90 },
        nickel: { declaredKg: 24.5, recoveredKg: 22, recoveryPct: 89.8, targetPct: 90 },
        manganese: { declaredKg: 4.3, recoveredKg: 0, recoveryPct: 0, targetPct: null },
        copper: { declaredKg: 18, recoveredKg: 0, recoveryPct: 0, targetPct: 90 },
        aluminium: { declaredKg: 95, recoveredKg: 0, recoveryPct: 0, targetPct: null },
        graphite: { declaredKg: 48, recoveredKg: 0, recoveryPct: 0, targetPct: null },
      },
      recyclingEfficiencyPct: 7.2,
    });
  });

  test('certificates: issued, active, revoked by the hand-over, by application', async () => {
    const { body } = await view('certificates');
    expect(body).toEqual({
      asOfPosition: expect.any(String),
      issued: 3,
      active: 2,
      revoked: 1,
      expired: 0,
      byApplication: { ess: 2, ev: 0, lmt: 0, ups: 1, 'ev-charger': 1, subscription: 0, other: 0 },
    });
  });

  test('inventory: occupancy by hazard class and state-of-charge band, mean dwell, free capacity', async () => {
    const { body } = await view('inventory');
    const empty = { intact: 0, 'damaged-non-critical': 0, 'damaged-critical': 0 };
    const noSoc = { '<30': 0, '30-50': 0, '50-80': 0, '>80': 0, unknown: 0 };
    expect(body).toEqual({
      asOfPosition: expect.any(String),
      sites: [
        {
          siteId: scenario.siteId,
          zones: [
            {
              zone: 'Z-A',
              kind: 'standard',
              capacity: 3,
              occupied: 2,
              free: 1,
              byHazardClass: { ...empty, intact: 2 },
              bySocBand: { ...noSoc, '30-50': 1, '>80': 1 },
              meanDwellDays: 7,
            },
            // b2's latest state of charge is its receipt's: the storage gave none.
            {
              zone: 'Z-ISO',
              kind: 'isolation',
              capacity: 1,
              occupied: 1,
              free: 0,
              byHazardClass: { ...empty, 'damaged-critical': 1 },
              bySocBand: { ...noSoc, '<30': 1 },
              meanDwellDays: 2,
            },
          ],
        },
      ],
    });
  });

  test('a view asked for a position not reached within 5 s is a 503 problem with Retry-After', async () => {
    // The largest position KurrentDB can return (commit × 2^64 + prepare, 39 digits): ahead of any store's head.
    const ahead = ((2n ** 63n - 1n) * 2n ** 64n + (2n ** 64n - 1n)).toString();
    expect(ahead).toHaveLength(39);
    const started = Date.now();
    const response = await get('/api/v1/views/lifecycle', { minPosition: ahead }).expect(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({ status: 503, minPosition: ahead });
  }, 20_000);

  test.each([
    ['minPosition', 'abc'],
    ['minPosition', '-1'],
    ['minPosition', '1e9'],
    ['minPosition', '1'.repeat(40)],
    ['asOf', '2025-01-01T00:00:00Z'],
  ])('views refuse %s=%s with a 400 naming it', async (field, value) => {
    const response = await get('/api/v1/views/grades', { [field]: value }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  test('views need a key', async () => {
    await api().http.get('/api/v1/views/lifecycle').expect(401);
  });

  test('the list holds every registered battery, paged by id with a cursor', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const { body } = await list({ limit: '3', ...(cursor ? { cursor } : {}) }).expect(200);
      pages.push(body.items.map((item: { batteryId: string }) => item.batteryId));
      cursor = body.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(sorted(...Object.values(scenario.ids)));
  });

  test('list items carry status, stage, chemistry, latest grade and location', async () => {
    const { body } = await list({ siteId: scenario.siteId, limit: '500' }).expect(200);
    const { b1, b2, b5 } = scenario.ids;
    expect(body.items.find((item: { batteryId: string }) => item.batteryId === b1)).toEqual({
      batteryId: b1,
      status: 'original',
      stage: 'evaluated',
      chemistry: 'NMC',
      grade: 'A',
      location: { siteId: scenario.siteId, zone: 'Z-A', slot: 'S1' },
    });
    expect(body.items.map((item: { batteryId: string }) => item.batteryId)).toEqual(sorted(b1, b2, b5));
    expect(body.nextCursor).toBeNull();
  });

  test('list filters match the commands sent', async () => {
    const { b1, b3, b4, b5, b7 } = scenario.ids;
    expect(await listIds({ status: 'waste' })).toEqual(sorted(b4, b7));
    expect(await listIds({ stage: 'recycled' })).toEqual([b4]);
    expect(await listIds({ chemistry: 'NMC' })).toEqual(sorted(b1, b3, b5));
    expect(await listIds({ grade: 'A' })).toEqual(sorted(b1, b5, b7));
    expect(await listIds({ chemistry: 'NMC', grade: 'A' })).toEqual(sorted(b1, b5));
    expect(await listIds({ status: 'repurposed' })).toEqual([]);
  });

  test.each([
    ['status', 'scrapped'],
    ['stage', 'stored'],
    ['chemistry', 'nmc'],
    ['grade', 'D'],
    ['siteId', 'no spaces'],
    ['limit', '0'],
    ['limit', '501'],
    ['limit', '1.5'],
    ['limit', 'ten'],
    ['cursor', 'not a cursor!'],
    ['cursor', 'bm90LW91cnM'],
    ['minPosition', '12a'],
    ['colour', 'red'],
  ])('the list refuses %s=%s with a 400 naming it', async (field, value) => {
    const response = await get('/api/v1/batteries', { [field]: value }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  test('a repeated filter is refused rather than half-applied', async () => {
    const response = await api().http.get('/api/v1/batteries?grade=A&grade=B').set(api().bearer('auditor')).expect(400);
    expect(response.body.errors).toEqual([{ field: 'grade', message: expect.any(String) }]);
  });

  test('/health reports each projection caught up: position, lag, state', async () => {
    const { body } = await api().http.get('/health').set(api().bearer('auditor')).expect(200);
    const { projections } = body.details;
    expect(projections).toMatchObject({ status: 'up', appliedHere: true, leader: true });
    for (const { name, version } of PROJECTIONS) {
      expect(projections[name]).toMatchObject({
        state: 'running',
        lagEvents: 0,
        error: null,
        failedEvent: null,
        version,
        storedVersion: version,
      });
      expect(projections[name].position).toBe(projections[name].headPosition);
      expect(atLeast(projections[name].position, scenario.lastPosition)).toBe(true);
    }
  });

  test('projection status and rebuild are for admins only; unknown projections are 404', async () => {
    await get('/api/v1/admin/projections', {}, 'operator').expect(403);
    await api().http.post('/api/v1/admin/projections/batteries/rebuild').set(api().bearer('operator')).expect(403);
    const { body } = await get('/api/v1/admin/projections', {}, 'admin').expect(200);
    expect(body.map((status: { name: string }) => status.name).sort()).toEqual(['batteries', 'sites']);
    await api().http.post('/api/v1/admin/projections/nothing/rebuild').set(api().bearer('admin')).expect(404);
    await get('/api/v1/admin/projections/nothing', {}, 'admin').expect(404);
  });

  test('dead-lettering is refused while the projection is not stopped at that event', async () => {
    const deadLetter = (body: object) =>
      api().http.post('/api/v1/admin/projections/batteries/dead-letter').set(api().bearer('admin')).send(body);
    expect((await deadLetter({ eventId: 'a1b2' }).expect(409)).body.detail).toMatch(/not stopped at event a1b2/);
    const missing = await deadLetter({}).expect(400);
    expect(new Set(missing.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['eventId']));
  });

  test('the admin rebuild replays the log into shadow tables and swaps them in: every view unchanged', async () => {
    const before = await Promise.all([...VIEWS.map((name) => view(name)), list({ limit: '500' }).expect(200)]);
    for (const name of ['batteries', 'sites']) {
      const started = await api().http.post(`/api/v1/admin/projections/${name}/rebuild`).set(api().bearer('admin')).expect(202);
      expect(started.headers.location).toBe(`/api/v1/admin/projections/${name}`);
      expect(started.body).toMatchObject({
        name,
        rebuild: { projection: name, phase: expect.stringMatching(/^(replaying|swapping|done)$/) },
      });
      await waitFor(`${name} rebuilt`, async () => {
        const { body } = await get(`/api/v1/admin/projections/${name}`, {}, 'admin').expect(200);
        return body.rebuild === null && body.state === 'running';
      });
    }
    const after = await Promise.all([...VIEWS.map((name) => view(name)), list({ limit: '500' }).expect(200)]);
    // Dwell days run on the clock: equal to the hundredth unless a boundary was crossed meanwhile.
    const withoutDwell = (body: unknown) => JSON.parse(JSON.stringify(body, (key, value) => (key === 'meanDwellDays' ? undefined : value)));
    after.forEach((response, index) => expect(withoutDwell(response.body)).toEqual(withoutDwell(before[index].body)));
    const dwell = (response: Response) => response.body.sites[0].zones.map((zone: { meanDwellDays: number }) => zone.meanDwellDays);
    dwell(after[0]).forEach((days: number, index: number) => expect(days).toBeCloseTo(dwell(before[0])[index], 1));
  });
});
