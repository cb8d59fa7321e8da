import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import type { Database, QueryResult, SqlTransaction } from './database.js';
import { INT8_OID, parseInt8 } from './int8.js';
import { seedFromTemplate } from './pglite-template.js';

/**
 * Opens the embedded database: on disk under `dataDir`, in memory without it.
 * PGlite has a single connection and queues every query behind an open transaction, so
 * concurrent `transaction` callers run one after another, never interleaved.
 */
export async function openPGlite(dataDir?: string): Promise<Database> {
  if (dataDir) seedFromTemplate(dataDir);
  const pg = await PGlite.create(dataDir, { parsers: { [INT8_OID]: parseInt8 } });
  return {
    kind: 'pglite',
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      toQueryResult<Row>(await pg.query<Row>(text, params as unknown[] | undefined)),
    transaction: (work) => pg.transaction((tx) => work(wrapTransaction(tx))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    close: () => pg.close(),
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
