import { openPGlite, openPostgres, type Database } from '#libs/database';
import { postgresTarget } from '../support/targets.js';
import { transparencyLogContract } from './transparency-log.contract.js';

// One in-memory PGlite for the file (opening one costs seconds); each test starts from empty tables.
const pglite = await openPGlite();
afterAll(() => pglite.close());
transparencyLogContract('PGlite', {
  secondPool: false,
  async open() {
    await pglite.exec(`
      do $$ begin
        if to_regclass('log_state') is not null then truncate events, log_leaves, log_nodes, log_state, log_checkpoints; end if;
      end $$;`);
    return { db: pglite, close: async () => undefined };
  },
});

const probe = await postgresTarget();
if ('stop' in probe) await probe.stop();
transparencyLogContract('PostgreSQL', {
  skip: 'skip' in probe ? probe.skip : undefined,
  secondPool: true,
  async open() {
    const target = await postgresTarget();
    if (!('url' in target)) throw new Error(target.skip);
    const db: Database = await openPostgres(target.url);
    const other = await openPostgres(target.url);
    return {
      db,
      other,
      async close() {
        await Promise.all([db.close(), other.close()]);
        await target.stop();
      },
    };
  },
});
