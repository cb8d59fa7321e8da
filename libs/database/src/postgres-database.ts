import pg from 'pg';
import type { Database, QueryResult, SqlTransaction } from './database.js';
import { INT8_OID, parseInt8 } from './int8.js';

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
  /**
   * How long a query waits for a connection, new or from a busy pool (default 2 s): with the
   * server down or unreachable, requests fail within this instead of queueing.
   */
  connectionTimeoutMs?: number;
  /**
   * The server cancels any statement running longer (default 15 s, SQLSTATE 57014), so a lock
   * held elsewhere cannot hang a request and its pooled connection indefinitely. A
   * `statement_timeout` parameter in the URL (`?statement_timeout=500`) takes precedence.
   */
  statementTimeoutMs?: number;
  /**
   * The server ends a session idle inside a transaction for longer (default 60 s): a stuck
   * transaction would otherwise hold back the event store's visibility horizon for everybody.
   */
  idleInTransactionTimeoutMs?: number;
}

/** Opens a PostgreSQL connection pool; types are parsed as PGlite parses them (see database.ts). */
export async function openPostgres(
  url: string,
  { max = 10, connectionTimeoutMs = 2_000, statementTimeoutMs = 15_000, idleInTransactionTimeoutMs = 60_000 }: PostgresOptions = {},
): Promise<Database> {
  const pool = new pg.Pool({
    // Settings parsed from the URL override these (node-postgres merges the URL last).
    connectionString: url,
    max,
    connectionTimeoutMillis: connectionTimeoutMs,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: idleInTransactionTimeoutMs,
    // A server that vanished without closing the socket (a network partition) is noticed by TCP.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
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
      // A checked-out client is no longer covered by the pool's error listener: the server ending
      // the session between two queries (a fast shutdown, a terminated backend) would otherwise be
      // an unhandled 'error' event that kills the process. The next query fails with it instead.
      const lost = (error: Error) => {
        broken = error;
      };
      client.on('error', lost);
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
        client.off('error', lost);
        // A lost connection, or one that could not roll back, is in an unknown state: destroy it.
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
