/**
 * Someone with write access to PostgreSQL edits the events table directly. Each edit the issue
 * names must make the self-audit report the log inconsistent, at the first leaf it touches.
 */
import { computeEventHash, SqlEventStore, type RecordedEvent } from '#libs/event-store';
import { openPostgres, type Database } from '#libs/database';
import { schemaVersionOf } from '#libs/lifecycle';
import { LogSequencer, TransparencyLog } from '#libs/transparency-log';
import { postgresTarget } from '../support/targets.js';
import { SILENT, anEvent, appendSome, catchUp, openLog, testKeys } from './log-fixture.js';

const probe = await postgresTarget();
if ('stop' in probe) await probe.stop();
const skip = 'skip' in probe ? probe.skip : undefined;
if (skip) console.warn(`SKIPPED transparency log tamper tests: ${skip}`);

(skip ? describe.skip : describe)('self-audit against rows edited in PostgreSQL', () => {
  let db: Database;
  let stop: () => Promise<void>;
  let log: TransparencyLog;
  let store: SqlEventStore;
  let events: RecordedEvent[];
  let logged: { fields: object; message: string }[];

  beforeEach(async () => {
    const target = await postgresTarget();
    if (!('url' in target)) throw new Error(target.skip);
    db = await openPostgres(target.url);
    stop = async () => {
      await log.stop();
      await db.close();
      await target.stop();
    };
    store = await SqlEventStore.open(db);
    logged = [];
    const logger = { ...SILENT, error: (fields: object, message: string) => void logged.push({ fields, message }) };
    log = await openLog(db, store, await testKeys(), { logger });
    await appendSome(store, 'S', 3, 4);
    await catchUp(log, db);
    await log.checkpoint();
    events = await store.readAll();
    expect(await log.audit()).toEqual({ consistent: true, treeSize: 12 });
  });
  afterEach(() => stop());

  const leafOf = (streamId: string, revision: number) => events.findIndex((e) => e.streamId === streamId && e.revision === revision);
  const expectReported = async (firstBadIndex: number, detail: RegExp) => {
    const result = await log.audit();
    expect(result).toEqual({ consistent: false, firstBadIndex, detail: expect.stringMatching(detail) });
    expect(log.auditStatus.state).toBe('failed');
    expect(logged).toContainEqual({
      fields: { firstBadIndex, detail: expect.any(String) },
      message: expect.stringContaining('audit FAILED'),
    });
  };

  test('truncating a stream (its last event deleted)', async () => {
    await db.query(`delete from events where stream_id = 'S1' and revision = 3`);
    await expectReported(leafOf('S1', 3), /S1@3|holds only/);
  });

  test('rewriting a stream with recomputed hashes', async () => {
    const stream = events.filter((e) => e.streamId === 'S0');
    let previousHash: string | null = stream[0].hash;
    for (const event of stream.slice(1)) {
      const rewritten = { ...event, data: { ...event.data, forged: true }, previousHash };
      const hash = computeEventHash(rewritten);
      await db.query('update events set data = $1, hash = $2, previous_hash = $3 where stream_id = $4 and revision = $5', [
        rewritten.data,
        hash,
        previousHash,
        'S0',
        event.revision,
      ]);
      previousHash = hash;
    }
    await expectReported(leafOf('S0', 1), /leaf \d+ is S0@1/);
  });

  test('reordering two events of different streams (positions swapped)', async () => {
    const [a, b] = [events[leafOf('S0', 2)], events[leafOf('S2', 1)]];
    await db.query('update events set position = -1 where position = $1', [a.position]);
    await db.query('update events set position = $1 where position = $2', [a.position, b.position]);
    await db.query('update events set position = $1 where position = -1', [b.position]);
    await expectReported(Math.min(leafOf('S0', 2), leafOf('S2', 1)), /leaf|does not follow/);
  });

  test('deleting a stream', async () => {
    await db.query(`delete from events where stream_id = 'S2'`);
    await expectReported(leafOf('S2', 0), /S2@0/);
  });

  test("editing an event's stored data", async () => {
    await db.query(`update events set data = jsonb_set(data, '{r}', '99') where stream_id = 'S1' and revision = 1`);
    await expectReported(leafOf('S1', 1), /S1@1 no longer matches its hash/);
  });

  test("editing an event's stored metadata (actor)", async () => {
    await db.query(
      `update events set metadata = jsonb_set(metadata, '{actor,roles}', '["admin"]') where stream_id = 'S2' and revision = 2`,
    );
    await expectReported(leafOf('S2', 2), /S2@2 no longer matches its hash/);
  });

  test("editing an event's stored metadata outside the hash (schemaVersion)", async () => {
    // A lifecycle event: its data shows its schema version, which the stored one must repeat.
    const registered = { ...anEvent('BatteryRegistered', { batteryId: 'S9' }) };
    registered.metadata = { ...registered.metadata, schemaVersion: schemaVersionOf(registered.type, registered.data)! };
    await store.append('S9', [registered], { expectedRevision: 'no_stream' });
    await catchUp(log, db);
    await log.checkpoint();
    expect(await log.audit()).toEqual({ consistent: true, treeSize: 13 });
    await db.query(`update events set metadata = jsonb_set(metadata, '{schemaVersion}', '0') where stream_id = 'S9'`);
    await expectReported(12, /S9@0 has a stored schemaVersion 0 its data does not show/);
    // The per-stream check certificate verify runs says so too.
    expect(await log.streamMismatch('S9', await store.readStream('S9'))).toMatch(/S9@0 has a stored schemaVersion/);
  });

  test('rewriting a stream and the log tables to match: the signed checkpoint still disagrees', async () => {
    const event = events[leafOf('S0', 3)];
    const data = { ...event.data, r: 77 };
    await db.query('update events set data = $1, hash = $2 where stream_id = $3 and revision = 3', [
      data,
      computeEventHash({ ...event, data }),
      'S0',
    ]);
    // Rebuild leaves and nodes from the forged events, as an insider who knows the recipe would.
    await db.query('truncate log_leaves, log_nodes');
    await db.query(`update log_state set tree_size = 0, last_position = '0'`);
    const resequenced = new LogSequencer(db, await SqlEventStore.open(db), 1000);
    while ((await resequenced.step()).added > 0);
    await expectReported(0, /does not have the root signed in checkpoint/);
  });
});
