import { chmodSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPGlite } from './pglite-database.js';
import { ensurePGliteTemplate } from './pglite-template.js';

/** Each path under `dir` (itself included) whose mode lets a group or other users in, with that mode. */
function openToOthers(dir: string): string[] {
  const paths = [
    dir,
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => !e.isSymbolicLink())
      .map((e) => join(e.parentPath, e.name)),
  ];
  return paths.flatMap((path) => {
    const mode = statSync(path).mode & 0o777;
    return mode & 0o077 ? [`${path} ${mode.toString(8)}`] : [];
  });
}

describe('openPGlite on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cellpath-pglite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('committed data outlives the process handle; rolled-back data does not', async () => {
    const dataDir = join(dir, 'pglite');
    const first = await openPGlite(dataDir);
    await first.exec(`create table kept (note text); insert into kept values ('배터리 🔋');`);
    await first.transaction((tx) => tx.query(`insert into kept values ('also kept')`));
    await first
      .transaction(async (tx) => {
        await tx.query(`insert into kept values ('rolled back')`);
        throw new Error('abandon');
      })
      .catch(() => undefined);
    await first.close();

    const reopened = await openPGlite(dataDir);
    try {
      expect(reopened.kind).toBe('pglite');
      expect((await reopened.query('select note from kept order by note')).rows).toEqual([{ note: 'also kept' }, { note: '배터리 🔋' }]);
    } finally {
      await reopened.close();
    }
  });

  test('a new database, copied from the template, is readable by its owner only: directory 0700, files 0600; tables made later stay out of reach', async () => {
    await ensurePGliteTemplate();
    const dataDir = join(dir, 'data', 'pglite');
    const db = await openPGlite(dataDir);
    try {
      expect(openToOthers(dataDir)).toEqual([]);
      await db.exec('create table later (note text); insert into later values (1);');
    } finally {
      await db.close();
    }
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'data')).mode & 0o077).toBe(0);
  });

  test('a database directory left open to others by an earlier version is closed on the next open', async () => {
    const dataDir = join(dir, 'old');
    await (await openPGlite(dataDir)).close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'PG_VERSION'), 0o666);
    await (await openPGlite(dataDir)).close();
    expect([statSync(dataDir).mode & 0o777, statSync(join(dataDir, 'PG_VERSION')).mode & 0o777]).toEqual([0o700, 0o600]);
  });
});
