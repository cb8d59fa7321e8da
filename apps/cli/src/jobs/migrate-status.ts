/**
 * `cellpath migrate status`: which schema migrations this version knows and which the configured
 * database has applied. Read only: an embedded database that does not exist yet is not made (all
 * pending), and PostgreSQL is only queried. Migrations themselves run at every start (API, projector).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkerConfig } from '#libs/config';
import {
  embeddedDatabasePath,
  openPGlite,
  openPostgres,
  readMigrationStatus,
  type MigrationSet,
  type NamespaceStatus,
} from '#libs/database';
import { apiMigrationSets } from '../../../api/src/index.js';
import { EXIT } from '../outcome.js';
import { report } from '../program-parts.js';

/** Embedded: nothing opened (nor created) when DATA_DIR has no database yet. */
async function statusOf(config: { databaseUrl?: string; dataDir: string }, sets: MigrationSet[]): Promise<NamespaceStatus[]> {
  const path = embeddedDatabasePath(config.dataDir);
  if (!config.databaseUrl && !existsSync(join(path, 'PG_VERSION'))) return readMigrationStatus(emptyDatabase, sets);
  const database = config.databaseUrl ? await openPostgres(config.databaseUrl, { max: 1 }) : await openPGlite(path);
  try {
    return await readMigrationStatus(database, sets);
  } finally {
    await database.close();
  }
}

/** A database with no tables at all, for a DATA_DIR whose database was never made. */
const emptyDatabase = { query: async () => ({ rows: [], rowCount: 0 }) };

interface MigrateStatus {
  pending: number;
  unknown: number;
  namespaces: NamespaceStatus[];
}

function lines(where: string, { pending, unknown, namespaces }: MigrateStatus): string[] {
  const width = Math.max(...namespaces.map((status) => status.namespace.length));
  return [
    `migrations on ${where}:`,
    ...namespaces.map(
      ({ namespace, applied, pending: todo, unknown: extra }) =>
        `  ${namespace.padEnd(width)}  ${applied.length} applied` +
        (todo.length > 0 ? `, pending: ${todo.join(', ')}` : '') +
        (extra.length > 0 ? `, unknown to this version: ${extra.map((migration) => migration.id).join(', ')}` : ''),
    ),
    pending === 0 ? 'up to date' : `${pending} pending: the next start of the API (or projector) applies them`,
    ...(unknown > 0 ? [`${unknown} applied migrations are unknown to this version: a newer version ran on this database`] : []),
  ];
}

export async function migrateStatus(options: { json?: boolean }): Promise<number> {
  const config = loadWorkerConfig('cellpath migrate status');
  const namespaces = await statusOf(config, apiMigrationSets(config));
  const url = config.databaseUrl ? new URL(config.databaseUrl) : undefined;
  // Host and database name only: the URL may carry a password.
  const where = url ? `PostgreSQL ${url.host}${url.pathname}` : `the embedded database in ${embeddedDatabasePath(config.dataDir)}`;
  const result = {
    store: url ? 'postgres' : 'pglite',
    eventStore: config.kurrentdbUrl ? 'kurrentdb' : 'sql',
    pending: namespaces.reduce((sum, status) => sum + status.pending.length, 0),
    unknown: namespaces.reduce((sum, status) => sum + status.unknown.length, 0),
    namespaces,
  };
  report(options.json, result, () => lines(where, result));
  return EXIT.ok;
}
