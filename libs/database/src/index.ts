export * from './database.js';
export { embeddedDatabasePath, openPGlite } from './pglite-database.js';
export { DirectoryLocked, lockDirectory, type DirectoryLock, type LockHolder, type LockOptions } from './directory-lock.js';
export { openPostgres, type PostgresOptions } from './postgres-database.js';
export { QueryTimeout } from './query-timeout.js';
export { openDatabase } from './open-database.js';
export {
  MIGRATION_LOCK_KEY,
  readMigrationStatus,
  runMigrations,
  type AppliedMigration,
  type MigrationSet,
  type NamespaceStatus,
} from './migrations.js';
export { ensurePGliteTemplate, pgliteTemplateDir } from './pglite-template.js';
