import { setTimeout as sleep } from 'node:timers/promises';
import { describeOnStores } from './support/api-harness.js';
import { aRegistration } from '#libs/battery-journey';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/** recordedAt has millisecond precision: a pause keeps a captured instant strictly between two commands. */
async function instantBetweenCommands(): Promise<string> {
  await sleep(5);
  const instant = new Date().toISOString();
  await sleep(5);
  return instant;
}

describeOnStores('battery state as of a time', (api) => {
  test('folds the events recorded up to asOf: a hand-built scenario, step by step', async () => {
    const { http, bearer } = api();
    const steps = lifecycleSteps(api());
    const { site } = await steps.createSite();
    const { batteryId } = aRegistration();
    const at = (path: string) => `/api/v1/batteries/${batteryId}${path}`;

    const beforeRegistration = await instantBetweenCommands();
    expect((await steps.register({ batteryId })).response.status).toBe(201);
    const registered = await instantBetweenCommands();
    // Happened a week ago, recorded now: asOf follows what the system knew, so it appears only from now on.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    await steps
      .receive(batteryId, site.siteId, { hazardClass: 'damaged-non-critical', stateOfChargePct: 35, occurredAt: weekAgo })
      .expect(201);
    const received = await instantBetweenCommands();
    await steps.evaluate(batteryId, { stateOfHealthPct: 64, remainingCapacityAh: 115 }).expect(201);
    const evaluated = await instantBetweenCommands();
    await steps.store(batteryId, site.siteId, 'Z-A', 'A-02', { stateOfChargePct: 45 }).expect(201);
    const stored = await instantBetweenCommands();
    await steps.release(batteryId).expect(201);
    const released = await instantBetweenCommands();

    const asOf = (instant: string) => http.get(at(`?asOf=${encodeURIComponent(instant)}`)).set(bearer('auditor'));
    const missing = await asOf(beforeRegistration).expect(404);
    expect(missing.body).toMatchObject({ status: 404, type: expect.stringMatching(/not-found\/battery$/) });

    const r0 = await asOf(registered).expect(200);
    expect(r0.headers.etag).toBe('"0"');
    expect(r0.body).toMatchObject({
      batteryId,
      revision: 0,
      status: 'original',
      stage: 'registered',
      hazardClass: null,
      location: null,
      stateOfChargePct: null,
      latestEvaluation: null,
    });
    expect((await asOf(weekAgo).expect(404)).body.status).toBe(404);

    expect((await asOf(received).expect(200)).body).toMatchObject({
      revision: 1,
      stage: 'received',
      hazardClass: 'damaged-non-critical',
      stateOfChargePct: 35,
      latestEvaluation: null,
    });
    expect((await asOf(evaluated).expect(200)).body).toMatchObject({
      revision: 2,
      stage: 'evaluated',
      latestEvaluation: { grade: 'B', stateOfHealthPct: 64 },
      location: null,
    });
    expect((await asOf(stored).expect(200)).body).toMatchObject({
      revision: 3,
      location: { siteId: site.siteId, zone: 'Z-A', slot: 'A-02' },
      stateOfChargePct: 45,
    });
    const last = await asOf(released).expect(200);
    expect(last.body).toMatchObject({ revision: 4, location: null, stage: 'evaluated' });
    expect(last.body).toEqual((await http.get(at('')).set(bearer('auditor')).expect(200)).body);

    // The same instant written with an offset is the same moment.
    const evaluatedInSeoul = new Date(Date.parse(evaluated) + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
    expect((await asOf(evaluatedInSeoul).expect(200)).body.revision).toBe(2);
  });

  test('asOf includes an event recorded at exactly that instant, and not a millisecond earlier', async () => {
    const { http, bearer } = api();
    const steps = lifecycleSteps(api());
    const { site } = await steps.createSite();
    const { id: batteryId } = await steps.register();
    await sleep(5);
    await steps.receive(batteryId, site.siteId).expect(201);
    const history = await http.get(`/api/v1/batteries/${batteryId}/history`).set(bearer('auditor')).expect(200);
    const receivedAt: string = history.body.events[1].recordedAt;

    const asOf = (instant: string) => http.get(`/api/v1/batteries/${batteryId}?asOf=${instant}`).set(bearer('auditor')).expect(200);
    expect((await asOf(receivedAt)).body.revision).toBe(1);
    expect((await asOf(new Date(Date.parse(receivedAt) - 1).toISOString())).body.revision).toBe(0);
  });

  test('a long stream: every cutoff answers the prefix recorded by then, before and after the snapshots exist', async () => {
    const { http, bearer } = api();
    const steps = lifecycleSteps(api());
    const { site } = await steps.createSite();
    const { id: batteryId } = await steps.register();
    await steps.receive(batteryId, site.siteId).expect(201);
    for (let i = 0; i < 240; i++) await steps.evaluate(batteryId, { stateOfHealthPct: 60 + (i % 30) }).expect(201);
    const history = await http.get(`/api/v1/batteries/${batteryId}/history?limit=1000`).set(bearer('auditor')).expect(200);
    const recorded: number[] = history.body.events.map((event: { recordedAt: string }) => Date.parse(event.recordedAt));
    // Revisions around the snapshot boundaries (every 100th) and the ends; the oracle is the history itself.
    const cutoffs = [0, 1, 98, 99, 100, 101, 150, 199, 200, 241].map((revision) => recorded[revision]!);
    const expected = (cutoff: number) => recorded.findIndex((at) => at > cutoff) - 1;
    for (const pass of ['first', 'again']) {
      for (const cutoff of [...cutoffs].reverse()) {
        const { body } = await http
          .get(`/api/v1/batteries/${batteryId}?asOf=${new Date(cutoff).toISOString()}`)
          .set(bearer('auditor'))
          .expect(200);
        expect({ pass, cutoff, revision: body.revision }).toEqual({
          pass,
          cutoff,
          revision: expected(cutoff) < 0 ? 241 : expected(cutoff),
        });
      }
    }
  });

  test.each(['yesterday', '2025-03-01', '2025-03-01T25:00:00Z', '1741000000000', ''])('a bad asOf (%p) is 400 naming asOf', async (bad) => {
    const { http, bearer } = api();
    const { body } = await http
      .get(`/api/v1/batteries/BAT-anything?asOf=${encodeURIComponent(bad)}`)
      .set(bearer('auditor'))
      .expect(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  test('an unknown battery is 404 at any time; without a key 401', async () => {
    const { http, bearer } = api();
    await http.get(`/api/v1/batteries/BAT-never?asOf=${new Date().toISOString()}`).set(bearer('auditor')).expect(404);
    await http.get(`/api/v1/batteries/BAT-never?asOf=${new Date().toISOString()}`).expect(401);
  });
});
