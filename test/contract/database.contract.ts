/**
 * What every `Database` must do the same way: result types, transactions that never interleave,
 * and migrations that apply once, in order, atomically, even when two processes start together.
 */
import { randomUUID } from 'node:crypto';
import { runMigrations, type Database, type Migration } from '#libs/database';
import { gate } from '../support/async.js';

export interface DatabaseSetup {
  skip?: string;
  /** The database under test and a second handle on the same data (another process's pool). */
  open(): Promise<{ db: Database; other: Database; close(): Promise<void> }>;
}

export function databaseContract(name: string, setup: DatabaseSetup): void {
  if (setup.skip) console.warn(`${name} database contract skipped: ${setup.skip}`);
  const describeOrSkip = setup.skip ? describe.skip : describe;

  describeOrSkip(`${name} database (contract)`, () => {
    let db: Database;
    let other: Database;
    let close: () => Promise<void>;
    let table: string;

    beforeAll(async () => {
      ({ db, other, close } = await setup.open());
    });
    afterAll(async () => {
      await close?.();
    });
    beforeEach(async () => {
      table = `t_${randomUUID().slice(0, 8)}`;
      await db.exec(`create table ${table} (id int primary key, note text); create index on ${table} (note);`);
    });

    test('results: rows, row counts and the same types on every adapter', async () => {
      expect(await db.query(`insert into ${table} values (1, 'a'), (2, 'b')`)).toEqual({ rows: [], rowCount: 2 });
      expect((await db.query(`update ${table} set note = 'c' where id = $1`, [2])).rowCount).toBe(1);
      const selected = await db.query<{ id: number; note: string }>(`select id, note from ${table} order by id`);
      expect(selected).toEqual({
        rows: [
          { id: 1, note: 'a' },
          { id: 2, note: 'c' },
        ],
        rowCount: 2,
      });

      const [row] = (
        await db.query(
          `select (select count(*) from ${table}) as n, 9007199254740991::int8 as max_safe, 1.50::numeric as amount,
                  '2025-03-01T09:30:00.123Z'::timestamptz as at, '{"b":[1,"x"]}'::jsonb as doc, $1::text[] as list`,
          [['한', '🔋']],
        )
      ).rows;
      expect(row).toEqual({
        n: 2,
        max_safe: Number.MAX_SAFE_INTEGER,
        amount: '1.50',
        at: new Date('2025-03-01T09:30:00.123Z'),
        doc: { b: [1, 'x'] },
        list: ['한', '🔋'],
      });
      await expect(db.query('select 9007199254740993::int8 as too_big')).rejects.toThrow(RangeError);
      expect((await db.query<{ big: string }>('select 9007199254740993::int8::text as big')).rows[0].big).toBe('9007199254740993');
    });

    test('transaction commits, and rolls back everything when its work throws', async () => {
      await db.transaction(async (tx) => {
        await tx.query(`insert into ${table} values (1, 'kept')`);
        await tx.exec(`insert into ${table} values (2, 'kept'); update ${table} set note = 'kept!' where id = 1;`);
      });
      const failure = new Error('work failed');
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`insert into ${table} values (3, 'lost')`);
          await tx.exec(`update ${table} set note = 'lost' where id = 1`);
          throw failure;
        }),
      ).rejects.toBe(failure);
      await expect(db.transaction((tx) => tx.query(`insert into ${table} values (1, 'duplicate')`))).rejects.toMatchObject({
        code: '23505',
      });
      const rows = await db.query(`select id, note from ${table} order by id`);
      expect(rows.rows).toEqual([
        { id: 1, note: 'kept!' },
        { id: 2, note: 'kept' },
      ]);
    });

    test('concurrent transactions never run inside each other', async () => {
      const held = gate();
      const inside = gate();
      const first = db.transaction(async (tx) => {
        await tx.query(`insert into ${table} values (1, 'first')`);
        inside.open();
        await held.opened;
        await tx.query(`insert into ${table} values (2, 'first')`);
      });
      await inside.opened;
      // Started while the first is open: on one shared connection its rollback would undo the first's rows.
      const second = db.transaction(async (tx) => {
        await tx.query(`insert into ${table} values (10, 'second')`);
        throw new Error('second fails');
      });
      // A plain query meanwhile sees only committed rows.
      const outside = db.query(`select count(*) as n from ${table}`);
      setTimeout(held.open, 100);
      await first;
      await expect(second).rejects.toThrow('second fails');
      expect((await outside).rows).toEqual([{ n: expect.any(Number) }]);
      expect([0, 2]).toContain((await outside).rows[0].n);
      expect((await db.query(`select id, note from ${table} order by id`)).rows).toEqual([
        { id: 1, note: 'first' },
        { id: 2, note: 'first' },
      ]);
    });

    test('migrations apply once, in id order, atomically, and record themselves', async () => {
      const namespace = `test-${table}`;
      const base: Migration[] = [
        { id: '0002-column', sql: `alter table ${table}_m add column grade text; insert into ${table}_m values (1, 'A');` },
        { id: '0001-table', sql: `create table ${table}_m (id int primary key)` },
      ];
      expect(await runMigrations(db, namespace, base)).toEqual(['0001-table', '0002-column']);
      expect(await runMigrations(db, namespace, base)).toEqual([]);
      const later: Migration = { id: '0003-more', sql: `insert into ${table}_m values (2, 'B')` };
      expect(await runMigrations(db, namespace, [...base, later])).toEqual(['0003-more']);

      const broken: Migration[] = [
        { id: '0004-ok', sql: `insert into ${table}_m values (3, 'C')` },
        { id: '0005-broken', sql: `insert into ${table}_m values (4, 'D'); select no_such_function();` },
      ];
      await expect(runMigrations(db, namespace, [...base, later, ...broken])).rejects.toThrow(/no_such_function/);
      expect((await db.query(`select id, grade from ${table}_m order by id`)).rows).toEqual([
        { id: 1, grade: 'A' },
        { id: 2, grade: 'B' },
      ]);
      const recorded = await db.query<{ id: string; applied_at: Date }>(
        'select id, applied_at from schema_migrations where namespace = $1 order by id',
        [namespace],
      );
      expect(recorded.rows.map((r) => r.id)).toEqual(['0001-table', '0002-column', '0003-more']);
      expect(recorded.rows[0].applied_at).toBeInstanceOf(Date);
      await expect(runMigrations(db, namespace, [base[0], base[0]])).rejects.toThrow(/defined twice/);
    });

    test('two processes migrating at once: each migration applies exactly once', async () => {
      const namespace = `race-${table}`;
      const migrations: Migration[] = Array.from({ length: 5 }, (_, i) => ({
        id: `000${i}`,
        sql: i === 0 ? `create table ${table}_r (id int primary key)` : `insert into ${table}_r values (${i})`,
      }));
      const [a, b] = await Promise.all([runMigrations(db, namespace, migrations), runMigrations(other, namespace, migrations)]);
      expect([...a, ...b].sort()).toEqual(migrations.map((m) => m.id));
      expect((await db.query(`select count(*) as n from ${table}_r`)).rows[0].n).toBe(4);
    });
  });
}
