import { openPGlite } from '#libs/database';
import { describeProjectionRunner } from './projection-runner.suite.js';

// One in-memory instance for the file: creating one costs seconds and most of a gigabyte. A
// second runner on it shares its single connection, as a second runner in this process would.
const db = await openPGlite();

describeProjectionRunner('PGlite', { open: async () => ({ db, other: db, close: () => db.close() }) });
