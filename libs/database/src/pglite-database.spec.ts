import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPGlite } from './pglite-database.js';

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
});
