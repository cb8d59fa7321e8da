import { waitFor } from '../support/async.js';
import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/**
 * A projection that throws stops at the event, says which and why (status and /health), and goes
 * on only when an admin dead-letters exactly that event; nothing is skipped silently.
 */
describeOnStores('a failed projection and its explicit dead-lettering', (api) => {
  const admin = () => api().bearer('admin');
  const status = async (name: string) => (await api().http.get(`/api/v1/admin/projections/${name}`).set(admin()).expect(200)).body;

  test('stops at a corrupt event, reports it, and resumes only after the admin dead-letters it', async () => {
    const steps = lifecycleSteps(api());
    const before = await steps.register();
    expect(before.response.status).toBe(201);

    // No command can write this: an evaluation in a stream that was never registered.
    const corrupt = await api().infrastructure.eventStore.append(
      'CORRUPT-STREAM',
      [
        {
          type: 'BatteryEvaluated',
          data: { method: 'bms-data', stateOfHealthPct: 50 },
          metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const [poison] = corrupt.events;
    await waitFor('the batteries projection to fail', async () => (await status('batteries')).state === 'failed');

    const failed = await status('batteries');
    expect(failed.failedEvent).toEqual({
      id: poison.id,
      position: poison.position,
      streamId: 'CORRUPT-STREAM',
      revision: 0,
      type: 'BatteryEvaluated',
    });
    expect(failed.error).toMatch(/before BatteryRegistered/);
    expect(BigInt(failed.position) < BigInt(poison.position)).toBe(true);
    // The sites projection does not read battery events: it moved past the poison.
    await waitFor('the sites projection to pass it', async () => BigInt((await status('sites')).position) >= BigInt(poison.position));

    const anonymous = await api().http.get('/health').expect(503);
    expect(Object.keys(anonymous.body).sort()).toEqual(['detail', 'status', 'title', 'type']);
    expect(anonymous.body.detail).not.toMatch(/projection|batteries/);
    const health = await api().http.get('/health').set(api().bearer('auditor')).expect(503);
    expect(health.body.details.projections).toMatchObject({
      status: 'down',
      batteries: { state: 'failed', failedEvent: { id: poison.id } },
      sites: { state: 'running' },
    });

    // Commands still work; the views behind the failed projection stop moving.
    const after = await steps.register();
    expect(after.response.status).toBe(201);
    const list = (minPosition: string) =>
      api().http.get('/api/v1/batteries').query({ minPosition, limit: '500' }).set(api().bearer('auditor'));
    await list(after.response.body.position).expect(503);

    const deadLetter = (eventId: string) =>
      api().http.post('/api/v1/admin/projections/batteries/dead-letter').set(admin()).send({ eventId });
    await deadLetter('00000000-0000-4000-8000-000000000000').expect(409);
    const resumed = await deadLetter(poison.id).expect(200);
    expect(resumed.body).toMatchObject({ name: 'batteries', error: null, failedEvent: null });

    const { body } = await list(after.response.body.position).expect(200);
    expect(body.items.map((item: { batteryId: string }) => item.batteryId).sort()).toEqual([before.id, after.id].sort());
    await api().http.get('/health').expect(200);
    await deadLetter(poison.id).expect(409);

    // A rebuild replays the log from 0 and skips the dead-lettered event too.
    await api().http.post('/api/v1/admin/projections/batteries/rebuild').set(admin()).expect(202);
    await waitFor('the rebuild', async () => {
      const rebuilt = await status('batteries');
      return rebuilt.rebuild === null && rebuilt.state === 'running';
    });
    expect((await list(after.response.body.position).expect(200)).body.items).toHaveLength(2);
  }, 60_000);
});
