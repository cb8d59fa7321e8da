export * from './event-store.port.js';
export * from './event-store.errors.js';
export { comparePositions, latestPosition } from './positions.js';
export { computeEventHash, type HashedEvent } from './event-hash.js';
export { createEventStore, type EventStoreConfig } from './create-event-store.js';
export { SqlEventStore, MAX_EVENTS_PER_APPEND, type SqlEventStoreOptions } from './sql/sql-event-store.js';
export { eventStoreMigrations, EVENT_STORE_MIGRATION_NAMESPACE } from './sql/event-store.migrations.js';
export { KurrentDbEventStore, type KurrentDbOptions } from './kurrentdb/kurrentdb-event-store.js';
export { isNotLeaderAnswer } from './kurrentdb/transient-errors.js';
