/**
 * The ProjectionRunner against a real SqlEventStore, on every Database: read models equal to the
 * in-memory views, batch atomicity, read-your-writes, rebuilds, the lease between processes.
 */
import type { Database } from '#libs/database';
import { SqlEventStore, comparePositions } from '#libs/event-store';
import { batteryEvent, toNewEvent } from '#libs/lifecycle';
import { waitFor } from '../../../test/support/async.js';
import {
  LIVE_TABLES,
  PROJECTIONS,
  ProjectionCommandRejected,
  ProjectionRunner,
  batteriesProjection,
  batteryList,
  certificatesView,
  circularityView,
  gradesView,
  inventoryView,
  lifecycleView,
  materialsView,
  projectEvents,
  queryBatteryList,
  queryCertificatesView,
  queryCircularityView,
  queryGradesView,
  queryInventoryView,
  queryLifecycleView,
  queryMaterialsView,
  sitesProjection,
  type BatteryListQuery,
  type LifecycleView,
  type Projection,
  type ProjectionRunnerOptions,
  type RebuildProgress,
} from '../src/index.js';
import { NOW, scenario, type LogEntry } from './scenario.js';

export interface RunnerSetup {
  skip?: string;
  /** The database under test and a second handle on the same data (another process's pool). */
  open(): Promise<{ db: Database; other: Database; close(): Promise<void> }>;
}

/** `db` for a runner, counting the transactions it opens; everything else passes through. */
function countingTransactions(db: Database): { db: Database; transactions: number } {
  const counter = { db, transactions: 0 };
  counter.db = new Proxy(db, {
    get(target, key) {
      if (key === 'transaction') {
        return (...args: Parameters<Database['transaction']>) => {
          counter.transactions++;
          return target.transaction(...args);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return counter;
}

export function describeProjectionRunner(name: string, setup: RunnerSetup): void {
  if (setup.skip) console.warn(`${name} projection runner suite skipped: ${setup.skip}`);
  const describeOrSkip = setup.skip ? describe.skip : describe;

  describeOrSkip(`ProjectionRunner on ${name}`, () => {
    let db: Database;
    let other: Database;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, other, close } = await setup.open());
    });
    afterAll(() => close?.());

    let store: SqlEventStore;
    const runners: ProjectionRunner[] = [];

    beforeEach(async () => {
      await db.exec('drop schema public cascade; create schema public;');
      store = await SqlEventStore.open(db);
    });

    afterEach(async () => {
      await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    });

    /** `on: other` stands for another process, with its own pool and store. */
    async function startRunner(options: Partial<ProjectionRunnerOptions> = {}, on: Database = db): Promise<ProjectionRunner> {
      const runner = new ProjectionRunner({
        db: on,
        store: on === db ? store : await SqlEventStore.open(on),
        projections: PROJECTIONS,
        ...options,
      });
      runners.push(runner);
      await runner.start();
      return runner;
    }

    /** Appends the entries one command at a time; returns the last position. */
    async function append(entries: readonly LogEntry[]): Promise<string> {
      let position = '0';
      for (const { streamId, event } of entries) {
        ({ position } = await store.append(streamId, [toNewEvent(event)], { expectedRevision: 'any' }));
      }
      return position;
    }

    /** A registration like the scenario's first, under another id. */
    function registration(batteryId: string): LogEntry {
      const { event } = scenario().find((entry) => entry.event.type === 'BatteryRegistered')!;
      if (event.type !== 'BatteryRegistered') throw new Error('the scenario starts with a registration');
      return { streamId: batteryId, event: batteryEvent('BatteryRegistered', event.occurredAt, { ...event.data, batteryId }) };
    }

    async function rows(table: string, orderBy: string) {
      return (await db.query(`select * from ${table} order by ${orderBy}`)).rows;
    }

    /** Every row and index of the read models, for row-by-row comparison. */
    async function readModels() {
      return {
        batteries: await rows('battery_summary', 'battery_id'),
        certificates: await rows('battery_certificates', 'certificate_id'),
        zones: await rows('site_zones', 'site_id, zone'),
        indexes: (
          await db.query<{ indexname: string }>(
            `select indexname from pg_indexes where tablename in ('battery_summary', 'battery_certificates', 'site_zones') order by indexname`,
          )
        ).rows.map((row) => row.indexname),
      };
    }

    async function checkpoint(name: string) {
      return (
        await db.query<{ position: string; version: number; status: string; error: string | null; failed_event: { id: string } | null }>(
          'select position::text as position, version, status, error, failed_event from projection_checkpoints where name = $1',
          [name],
        )
      ).rows[0];
    }

    async function expectViewsToMatchTheLog(): Promise<void> {
      const state = projectEvents(await store.readAll());
      expect(await queryInventoryView(db, { now: NOW })).toEqual(inventoryView(state, { now: NOW }));
      expect(await queryLifecycleView(db)).toEqual(lifecycleView(state));
      expect(await queryGradesView(db)).toEqual(gradesView(state));
      expect(await queryCircularityView(db)).toEqual(circularityView(state));
      expect(await queryMaterialsView(db)).toEqual(materialsView(state));
      expect(await queryCertificatesView(db, { now: NOW })).toEqual(certificatesView(state, { now: NOW }));
      const queries: BatteryListQuery[] = [
        {},
        { status: 'original', limit: 2 },
        { siteId: 'S1' },
        { grade: 'A', chemistry: 'NMC' },
        { stage: 'recycled' },
      ];
      for (const query of queries) {
        let cursor: string | undefined;
        do {
          const page = await queryBatteryList(db, { ...query, cursor });
          expect(page).toEqual(batteryList(state, { ...query, cursor }));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
      }
    }

    it('keeps the SQL read models equal to the views folded in memory', async () => {
      const head = await append(scenario());
      const runner = await startRunner();
      expect(await runner.waitForPosition(head, 5_000)).toBe(true);
      await expectViewsToMatchTheLog();
      expect((await queryMaterialsView(db)).recyclingEfficiencyPct).toBe(10.88);
      expect(await runner.status()).toEqual(
        PROJECTIONS.map((projection) =>
          expect.objectContaining({
            name: projection.name,
            state: 'running',
            position: head,
            headPosition: head,
            lagEvents: 0,
            error: null,
          }),
        ),
      );
    });

    it('waits for a position: read-your-writes, or false after the timeout', async () => {
      const runner = await startRunner();
      expect(await runner.waitForPosition('0', 0)).toBe(true);
      const started = Date.now();
      expect(await runner.waitForPosition('999999999999999999999', 200)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);

      const position = await append([registration('BAT-100')]);
      expect(await runner.waitForPosition(position, 5_000, ['batteries'])).toBe(true);
      const view = await queryLifecycleView(db);
      expect(view.total).toBe(1);
      expect(comparePositions(view.asOfPosition, position)).toBeGreaterThanOrEqual(0);
    });

    it('applies nothing of a batch whose handler throws, records the event, and goes on once it is skipped', async () => {
      const head = await append(scenario());
      const poison = (await store.readAll()).filter((event) => event.type === 'BatteryEvaluated')[2];
      // Writes each event before reaching the poisoned one, so a partial batch would show.
      const poisoned: Projection = {
        ...batteriesProjection,
        async apply(tx, events, tables) {
          for (const event of events) {
            if (event.id === poison.id) throw new Error('poisoned evaluation');
            await batteriesProjection.apply(tx, [event], tables);
          }
        },
      };
      const runner = await startRunner({ projections: [poisoned, sitesProjection] });
      await waitFor('the projection to fail', async () => (await checkpoint('batteries')).status === 'failed');

      // The whole log came as one batch: neither its rows nor its checkpoint were committed.
      expect(await checkpoint('batteries')).toEqual({
        position: '0',
        version: batteriesProjection.version,
        status: 'failed',
        error: 'poisoned evaluation',
        failed_event: expect.objectContaining({ id: poison.id, type: 'BatteryEvaluated', streamId: 'BAT-004' }),
      });
      expect(await rows('battery_summary', 'battery_id')).toEqual([]);
      expect(await rows('battery_certificates', 'certificate_id')).toEqual([]);
      expect(await runner.status()).toContainEqual(
        expect.objectContaining({ name: 'batteries', state: 'failed', lagEvents: (await store.readAll()).length }),
      );
      // Another projection is not held up: it goes on without the failed one.
      expect(await runner.waitForPosition(head, 5_000, ['sites'])).toBe(true);

      await expect(runner.skipEvent('batteries', 'some-other-event')).rejects.toThrow(ProjectionCommandRejected);
      await runner.skipEvent('batteries', poison.id);
      expect(await runner.waitForPosition(head, 5_000)).toBe(true);
      expect((await db.query('select event_id, type, error from projection_dead_letters')).rows).toEqual([
        { event_id: poison.id, type: 'BatteryEvaluated', error: 'poisoned evaluation' },
      ]);
      const rebuiltWithout = projectEvents((await store.readAll()).filter((event) => event.id !== poison.id));
      expect(await queryLifecycleView(db)).toEqual(lifecycleView(rebuiltWithout));
      expect((await queryBatteryList(db, { grade: 'C' })).items).toEqual([]);
    });

    it('rebuilds into shadow tables that equal the live ones row by row, answering from the live ones meanwhile', async () => {
      const head = await append(scenario());
      const runner = await startRunner({ batchSize: 10 });
      expect(await runner.waitForPosition(head, 5_000)).toBe(true);
      const live = await readModels();

      const progress: RebuildProgress[] = [];
      let answeredMeanwhile: Promise<LifecycleView> | undefined;
      const rebuilt = await runner.rebuild('batteries', (step) => {
        progress.push(step);
        answeredMeanwhile ??= queryLifecycleView(db);
      });

      expect(rebuilt).toMatchObject({ projection: 'batteries', phase: 'done', position: head, events: (await store.readAll()).length });
      expect(progress.filter((step) => step.phase === 'replaying').length).toBeGreaterThan(3);
      expect(progress.slice(-2).map((step) => step.phase)).toEqual(['swapping', 'done']);
      expect((await answeredMeanwhile)?.total).toBe(10);
      expect(await readModels()).toEqual(live);
      expect((await db.query(`select tablename from pg_tables where tablename like '%rebuild%'`)).rows).toEqual([]);
    });

    it('loses no event written while a rebuild replays, and follows the log after the swap', async () => {
      await append(scenario());
      const runner = await startRunner({ batchSize: 5 });
      const writes: Promise<string>[] = [];
      await runner.rebuild('batteries', (step) => {
        if (step.phase === 'replaying' && writes.length < 3) writes.push(append([registration(`BAT-2${writes.length}`)]));
      });
      const after = await append([registration('BAT-300')]);
      await Promise.all(writes);
      expect(await runner.waitForPosition(after, 5_000)).toBe(true);
      expect((await queryLifecycleView(db)).total).toBe(14);
      await expectViewsToMatchTheLog();
    });

    it('rebuilds a projection on start when its code version changed', async () => {
      const head = await append(scenario());
      const first = await startRunner();
      expect(await first.waitForPosition(head, 5_000)).toBe(true);
      const built = await readModels();
      await first.stop();

      const next = batteriesProjection.version + 1;
      const second = await startRunner({ projections: [{ ...batteriesProjection, version: next }, sitesProjection] });
      await waitFor(`the rebuild for version ${next}`, async () => (await checkpoint('batteries')).version === next);
      expect(await checkpoint('batteries')).toMatchObject({ position: head, status: 'running' });
      expect(await readModels()).toEqual(built);
      const position = await append([registration('BAT-400')]);
      expect(await second.waitForPosition(position, 5_000)).toBe(true);
    });

    it('upgrades tables the batteries projection version 1 created (column battery) and rebuilds them', async () => {
      const [created] = batteriesProjection.migrations;
      const v1 = await startRunner({ projections: [{ ...batteriesProjection, version: 1, migrations: [created!] }, sitesProjection] });
      await v1.stop();
      const head = await append(scenario());
      const v2 = await startRunner();
      await waitFor(
        'the rebuild for the current version',
        async () => (await checkpoint('batteries')).version === batteriesProjection.version,
      );
      expect(await v2.waitForPosition(head, 5_000)).toBe(true);
      await expectViewsToMatchTheLog();
    });

    it('lets one process apply events at a time; a standby takes over when the lease frees', async () => {
      const leader = await startRunner({ leaseTtlMs: 300 });
      const standby = await startRunner({ leaseTtlMs: 300 }, other);
      expect([leader.isLeader, standby.isLeader]).toEqual([true, false]);
      expect((await standby.status()).map((status) => status.state)).toEqual(['standby', 'standby']);
      await expect(standby.rebuild('batteries')).rejects.toThrow(ProjectionCommandRejected);

      // The standby sees the leader's progress through the checkpoints.
      const first = await append([registration('BAT-500')]);
      expect(await standby.waitForPosition(first, 5_000)).toBe(true);

      await leader.stop();
      await waitFor('the standby to take the lease', () => standby.isLeader);
      const second = await append([registration('BAT-501')]);
      expect(await standby.waitForPosition(second, 5_000)).toBe(true);
      expect((await queryLifecycleView(db)).total).toBe(2);
    });

    it('cannot commit a batch once another process holds the lease', async () => {
      const runner = await startRunner({ leaseTtlMs: 300 });
      await db.query(`update projection_lease set holder = 'another-process', expires_at = now() + interval '1 hour'`);
      const position = await append([registration('BAT-600')]);
      await waitFor('the runner to stand by', () => !runner.isLeader);
      expect(await runner.waitForPosition(position, 300)).toBe(false);
      expect(await rows('battery_summary', 'battery_id')).toEqual([]);

      await db.query(`update projection_lease set expires_at = now() - interval '1 second'`);
      expect(await runner.waitForPosition(position, 5_000)).toBe(true);
      expect(runner.isLeader).toBe(true);
    });

    it('commits one transaction per batch for all projections together', async () => {
      const counted = countingTransactions(db);
      // No lease renewal during the count.
      const runner = await startRunner({ leaseTtlMs: 600_000 }, counted.db);
      expect(runner.isLeader).toBe(true);
      counted.transactions = 0;
      for (const id of ['BAT-401', 'BAT-402', 'BAT-403']) {
        const position = await append([registration(id)]);
        expect(await runner.waitForPosition(position, 5_000)).toBe(true);
      }
      expect(PROJECTIONS.length).toBeGreaterThan(1);
      expect(counted.transactions).toBe(3);
      expect((await queryLifecycleView(db)).total).toBe(3);
    });

    it('rebuilds several projections together: one read of the log, one transaction per batch for all', async () => {
      const head = await append(scenario());
      const counted = countingTransactions(db);
      const runner = await startRunner({ batchSize: 10, leaseTtlMs: 600_000 }, counted.db);
      expect(await runner.waitForPosition(head, 5_000)).toBe(true);
      const live = await readModels();
      counted.transactions = 0;
      const replayed: RebuildProgress[] = [];
      const rebuilt = await runner.rebuild(['batteries', 'sites'], (step) => step.phase === 'replaying' && replayed.push(step));

      const events = (await store.readAll()).length;
      expect(rebuilt).toMatchObject({ projection: 'batteries, sites', phase: 'done', position: head, events });
      // One per batch, plus creating the shadow tables and the swap.
      expect(replayed).toHaveLength(Math.ceil(events / 10));
      expect(counted.transactions).toBe(replayed.length + 2);
      expect(await readModels()).toEqual(live);
      const after = await append([registration('BAT-500')]);
      expect(await runner.waitForPosition(after, 5_000)).toBe(true);
      await expectViewsToMatchTheLog();
    });

    it('changes nothing when a batch is applied a second time', async () => {
      const head = await append(scenario());
      const runner = await startRunner();
      expect(await runner.waitForPosition(head, 5_000)).toBe(true);
      const once = await readModels();
      const events = await store.readAll();
      const handled = (projection: Projection) => events.filter((event) => projection.eventTypes.includes(event.type));
      for (const projection of PROJECTIONS) await db.transaction((tx) => projection.apply(tx, handled(projection), LIVE_TABLES));
      expect(await readModels()).toEqual(once);
    });
  });
}
