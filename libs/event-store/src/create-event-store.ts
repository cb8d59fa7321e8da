import type { Database } from '#libs/database';
import type { AppendObserver, EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { SqlEventStore } from './sql/sql-event-store.js';

export interface EventStoreConfig {
  /** Selects KurrentDB for events; the database then only holds read models. */
  kurrentdbUrl?: string;
  /** PGlite or PostgreSQL; holds the events unless `kurrentdbUrl` is set. */
  database: Database;
  /** Told about every stored append (and each group-committed INSERT on SQL). */
  observer?: AppendObserver;
}

/** Opens the configured adapter (running the SQL store's migrations, or checking the KurrentDB server, first). */
export async function createEventStore({ kurrentdbUrl, database, observer }: EventStoreConfig): Promise<EventStore> {
  return kurrentdbUrl ? KurrentDbEventStore.open(kurrentdbUrl, { observer }) : SqlEventStore.open(database, { observer });
}
