import { openPostgres } from '#libs/database';
import { SqlEventStore } from '#libs/event-store';
import { postgresTarget } from '../support/targets.js';
import { databaseContract } from './database.contract.js';
import { eventStoreContract } from './event-store.contract.js';
import { sqlEventStoreContract } from './sql-event-store.contract.js';

const target = await postgresTarget();
const skip = 'skip' in target ? target.skip : undefined;
const url = 'url' in target ? target.url : '';
// 20 connections: the contract runs 20 concurrent writers plus a subscriber.
const db = skip ? undefined : await openPostgres(url, { max: 20 });
afterAll(async () => {
  await db?.close();
  if (!skip && 'stop' in target) await target.stop();
});

databaseContract('PostgreSQL', {
  skip,
  // A second pool stands in for a second process starting against the same server.
  async open() {
    const other = await openPostgres(url, { max: 2 });
    return { db: db!, other, close: () => other.close() };
  },
});

eventStoreContract('PostgreSQL', {
  skip,
  async open() {
    return {
      store: await SqlEventStore.open(db!),
      openHeldStore: (beforeCommit) => SqlEventStore.open(db!, { beforeCommit }),
      openOtherHandle: () => SqlEventStore.open(db!),
      close: async () => undefined,
    };
  },
});

sqlEventStoreContract('PostgreSQL', { skip, db: () => db! });
