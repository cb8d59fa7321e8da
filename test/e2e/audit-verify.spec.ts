import { computeEventHash } from '#libs/event-store';
import { batteryStream } from '../../apps/api/src/lifecycle/stream-names.js';
import { describeOnStores, type ApiHarness } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/** Registration, receipt, evaluation (SoH 86.4, grade A), storage, release: revisions 0 to 4. */
async function aBatteryWithFiveEvents(api: ApiHarness): Promise<string> {
  const steps = lifecycleSteps(api);
  const { id, site } = await steps.receivedBattery();
  await steps.evaluate(id).expect(201);
  await steps.store(id, site.siteId, 'Z-A', 'A-01').expect(201);
  await steps.release(id).expect(201);
  return id;
}

describeOnStores('history verification against tampering in the database', (api) => {
  /** Edits the stored row directly, as someone with database access could. */
  const tamper = (batteryId: string, revision: number, assignment: string, params: unknown[] = []) =>
    api().infrastructure.database.query(`update events set ${assignment} where stream_id = $1 and revision = $2`, [
      batteryStream(batteryId),
      revision,
      ...params,
    ]);
  const verify = async (batteryId: string) =>
    (await api().http.get(`/api/v1/batteries/${batteryId}/history/verify`).set(api().bearer('auditor')).expect(200)).body;

  test('an untouched history verifies', async () => {
    const batteryId = await aBatteryWithFiveEvents(api());
    expect(await verify(batteryId)).toEqual({ valid: true, eventCount: 5 });
  });

  test.each([
    ['the first', 0, `data = jsonb_set(data, '{massKg}', '399')`],
    ['a middle', 2, `data = jsonb_set(data, '{stateOfHealthPct}', '92.5')`],
    ['the last', 4, `data = jsonb_set(data, '{reason}', '"sold"')`],
  ])('editing the data of %s event is caught at exactly that revision', async (_, revision, assignment) => {
    const batteryId = await aBatteryWithFiveEvents(api());
    expect((await tamper(batteryId, revision, assignment)).rowCount).toBe(1);
    expect(await verify(batteryId)).toEqual({ valid: false, eventCount: 5, brokenAtRevision: revision, reason: 'hash-mismatch' });

    const bundle = await api().http.get(`/api/v1/batteries/${batteryId}/history?format=bundle`).set(api().bearer('auditor')).expect(200);
    expect(bundle.body.verification).toEqual({ valid: false, eventCount: 5, brokenAtRevision: revision, reason: 'hash-mismatch' });
  });

  test('the actor, occurredAt and recordedAt are covered too', async () => {
    const batteryId = await aBatteryWithFiveEvents(api());
    await tamper(batteryId, 3, `metadata = jsonb_set(metadata, '{actor,roles}', '["admin"]')`);
    expect(await verify(batteryId)).toMatchObject({ valid: false, brokenAtRevision: 3 });

    const other = await aBatteryWithFiveEvents(api());
    await tamper(other, 1, `metadata = jsonb_set(metadata, '{occurredAt}', '"2020-01-01T00:00:00.000Z"')`);
    expect(await verify(other)).toMatchObject({ valid: false, brokenAtRevision: 1 });

    const third = await aBatteryWithFiveEvents(api());
    await tamper(third, 2, `recorded_at = recorded_at - interval '1 day'`);
    expect(await verify(third)).toMatchObject({ valid: false, brokenAtRevision: 2 });
  });

  test('the schemaVersion, outside the hash, cannot change meaning: set to 0 it is reported, and the v0 upcaster does not run', async () => {
    const batteryId = await aBatteryWithFiveEvents(api());
    expect((await tamper(batteryId, 2, `metadata = jsonb_set(metadata, '{schemaVersion}', '0')`)).rowCount).toBe(1);
    expect(await verify(batteryId)).toEqual({ valid: false, eventCount: 5, brokenAtRevision: 2, reason: 'schema-version-mismatch' });
    const bundle = await api().http.get(`/api/v1/batteries/${batteryId}/history?format=bundle`).set(api().bearer('auditor')).expect(200);
    expect(bundle.body.verification).toEqual({ valid: false, eventCount: 5, brokenAtRevision: 2, reason: 'schema-version-mismatch' });
    expect(bundle.body.events[2]).toMatchObject({ type: 'BatteryEvaluated', schemaVersion: 0 });

    // asOf folds from the store (not from state the process kept), so the edited row is what is read.
    const asOf = new Date().toISOString();
    const read = await api().http.get(`/api/v1/batteries/${batteryId}?asOf=${asOf}`).set(api().bearer('auditor')).expect(200);
    expect(read.body.latestEvaluation).toMatchObject({ stateOfHealthPct: 86.4, grade: 'A' });

    await tamper(batteryId, 2, `metadata = jsonb_set(metadata, '{schemaVersion}', '1')`);
    expect(await verify(batteryId)).toEqual({ valid: true, eventCount: 5 });
  });

  test('re-hashing an edited event moves the break to the next link; a deleted event is a missing revision', async () => {
    const batteryId = await aBatteryWithFiveEvents(api());
    await tamper(batteryId, 2, `data = jsonb_set(data, '{grade}', '"C"')`);
    const { body } = await api()
      .http.get(`/api/v1/batteries/${batteryId}/history?fromRevision=2&limit=1`)
      .set(api().bearer('auditor'))
      .expect(200);
    const edited = body.events[0];
    const forged = computeEventHash({ ...edited, metadata: { occurredAt: edited.occurredAt, actor: edited.actor } });
    expect(forged).not.toBe(edited.hash);
    await tamper(batteryId, 2, 'hash = $3', [forged]);
    expect(await verify(batteryId)).toEqual({ valid: false, eventCount: 5, brokenAtRevision: 3, reason: 'previous-hash-mismatch' });

    const other = await aBatteryWithFiveEvents(api());
    await api().infrastructure.database.query('delete from events where stream_id = $1 and revision = 1', [batteryStream(other)]);
    expect(await verify(other)).toEqual({ valid: false, eventCount: 4, brokenAtRevision: 1, reason: 'missing-revision' });
  });

  test('putting the original value back makes the chain whole again', async () => {
    const batteryId = await aBatteryWithFiveEvents(api());
    await tamper(batteryId, 2, `data = jsonb_set(data, '{stateOfHealthPct}', '92.5')`);
    expect(await verify(batteryId)).toMatchObject({ valid: false, brokenAtRevision: 2 });
    await tamper(batteryId, 2, `data = jsonb_set(data, '{stateOfHealthPct}', '86.4')`);
    expect(await verify(batteryId)).toEqual({ valid: true, eventCount: 5 });
  });
});
