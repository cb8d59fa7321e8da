import pg from 'pg';
import type { Database, QueryResult, SqlTransaction } from './database.js';
import { INT8_OID, parseInt8 } from './int8.js';

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
}

/** Opens a PostgreSQL connection pool; types are parsed as PGlite parses them (see database.ts). */
export async function openPostgres(url: string, { max = 10 }: PostgresOptions = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the pool replaces it and
  // the next query reports any lasting outage.
  pool.on('error', () => undefined);
  // Fail at start-up, not on the first request, when the URL or credentials are wrong.
  await pool.query('select 1');

  return {
    kind: 'postgres',
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      toQueryResult<Row>(await pool.query(text, params as unknown[] | undefined)),
    transaction: async (work) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const tx: SqlTransaction = {
          query: async <Row>(text: string, params?: readonly unknown[]) =>
            toQueryResult<Row>(await client.query(text, params as unknown[] | undefined)),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await work(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that could not roll back is in an unknown state: destroy it.
        client.release(broken);
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

function toQueryResult<Row>(result: pg.QueryResult): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}
