import { openPGlite } from '#libs/database';
import { SqlEventStore } from '#libs/event-store';
import { databaseContract } from './database.contract.js';
import { eventStoreContract } from './event-store.contract.js';
import { sqlEventStoreContract } from './sql-event-store.contract.js';

// One in-memory instance for the file: creating one costs seconds and most of a gigabyte.
const db = await openPGlite();
afterAll(() => db.close());

databaseContract('PGlite', { open: async () => ({ db, other: db, close: async () => undefined }) });

eventStoreContract('PGlite', {
  async open() {
    return {
      store: await SqlEventStore.open(db),
      openHeldStore: (beforeCommit) => SqlEventStore.open(db, { beforeCommit }),
      openOtherHandle: () => SqlEventStore.open(db),
      close: async () => undefined,
    };
  },
});

sqlEventStoreContract('PGlite', { db: () => db });
