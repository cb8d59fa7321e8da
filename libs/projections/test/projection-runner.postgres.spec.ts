import { openPostgres } from '#libs/database';
import { postgresTarget } from '../../../test/support/targets.js';
import { describeProjectionRunner } from './projection-runner.suite.js';

const target = await postgresTarget();

describeProjectionRunner('PostgreSQL', {
  skip: 'skip' in target ? target.skip : undefined,
  // A second pool stands in for a second process running its own runner.
  async open() {
    if (!('url' in target)) throw new Error('no PostgreSQL target');
    const db = await openPostgres(target.url);
    const other = await openPostgres(target.url, { max: 3 });
    return {
      db,
      other,
      close: async () => {
        await Promise.all([db.close(), other.close()]);
        await target.stop();
      },
    };
  },
});
