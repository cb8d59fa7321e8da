import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import type { Database, QueryResult, SqlTransaction } from './database.js';
import { lockDirectory } from './directory-lock.js';
import { INT8_OID, parseInt8 } from './int8.js';
import { seedFromTemplate } from './pglite-template.js';

/** Where the embedded database of a DATA_DIR lives; its lock file is `<DATA_DIR>/pglite.lock`. */
export const embeddedDatabasePath = (dataDir: string): string => join(dataDir, 'pglite');

/**
 * Opens the embedded database: on disk under `dataDir`, in memory without it.
 * PGlite has a single connection and queues every query behind an open transaction, so
 * concurrent `transaction` callers run one after another, never interleaved.
 *
 * On disk it first takes the exclusive lock `<dataDir>.lock` (held until `close`) and throws
 * `DirectoryLocked` when a live process holds it: two PGlite instances on one directory destroy it.
 */
export async function openPGlite(dataDir?: string): Promise<Database> {
  // Made before the lock so that DATA_DIR, where the lock file goes, is created 0700 too.
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = dataDir === undefined ? undefined : await lockDirectory(dataDir);
  let pg: PGlite;
  try {
    if (dataDir) {
      seedFromTemplate(dataDir);
      restrictToOwner(dataDir);
    }
    pg = await PGlite.create(dataDir, { parsers: { [INT8_OID]: parseInt8 } });
    // initdb, when there was no template, wrote its files just now.
    if (dataDir) restrictToOwner(dataDir);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  return {
    kind: 'pglite',
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      toQueryResult<Row>(await pg.query<Row>(text, params as unknown[] | undefined)),
    transaction: (work) => pg.transaction((tx) => work(wrapTransaction(tx))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    close: async () => {
      try {
        await pg.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

/**
 * The database files are the whole event log: readable by the owner only. PGlite creates its files
 * 0666 whatever the umask, and a copied template keeps its modes, so the directory is made 0700
 * (nothing below it can be reached by another user, files PGlite adds later included) and what is
 * in it 0700/0600; on every open, so a directory made before this rule is closed too.
 */
function restrictToOwner(dataDir: string): void {
  chmodSync(dataDir, 0o700);
  for (const entry of readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
}

function wrapTransaction(tx: Transaction): SqlTransaction {
  return {
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      toQueryResult<Row>(await tx.query<Row>(text, params as unknown[] | undefined)),
    exec: async (sql) => {
      await tx.exec(sql);
    },
  };
}

function toQueryResult<Row>(result: Results<Row>): QueryResult<Row> {
  // Like node-postgres: statements returning rows count rows, the others count affected rows.
  const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
  return { rows: result.rows, rowCount };
}
