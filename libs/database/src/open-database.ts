import type { Database } from './database.js';
import { embeddedDatabasePath, openPGlite } from './pglite-database.js';
import { openPostgres } from './postgres-database.js';

/** The database a process is configured for: PostgreSQL at DATABASE_URL, else the embedded one under DATA_DIR. */
export async function openDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPGlite(embeddedDatabasePath(config.dataDir));
}
