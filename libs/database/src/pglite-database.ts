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
  const lock = dataDir === undefined ? undefined : await lockDirectory(dataDir);
  let pg: PGlite;
  try {
    if (dataDir) seedFromTemplate(dataDir);
    pg = await PGlite.create(dataDir, { parsers: { [INT8_OID]: parseInt8 } });
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
