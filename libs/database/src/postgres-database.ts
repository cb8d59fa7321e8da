import pg from 'pg';
import type { Database, QueryResult, SqlTransaction } from './database.js';
import { INT8_OID, parseInt8 } from './int8.js';
import { QueryTimeout, isDriverQueryTimeout } from './query-timeout.js';

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
  /**
   * How long a query waits for a connection, new or from a busy pool (default 2 s): with the
   * server down or unreachable, requests fail within this instead of queueing.
   */
  connectionTimeoutMs?: number;
  /**
   * How long the client waits for the answer to any one statement (default 1.5 s) before it
   * closes the connection and fails with `QueryTimeout`. A frozen server, or a network that drops
   * packets without a reset, answers nothing, and the server's own `statement_timeout` cannot
   * fire there: without this a request hangs as long as the freeze lasts. Below 2 s, so such a
   * request is answered 503 within 2 s. A `query_timeout` parameter in the URL takes precedence.
   */
  queryTimeoutMs?: number;
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
  {
    max = 10,
    connectionTimeoutMs = 2_000,
    queryTimeoutMs = 1_500,
    statementTimeoutMs = 15_000,
    idleInTransactionTimeoutMs = 60_000,
  }: PostgresOptions = {},
): Promise<Database> {
  const pool = new pg.Pool({
    // Settings parsed from the URL override these (node-postgres merges the URL last).
    connectionString: url,
    max,
    connectionTimeoutMillis: connectionTimeoutMs,
    query_timeout: queryTimeoutMs,
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
    // The pool destroys a connection whose query failed, so a timed-out one is never reused.
    query: async <Row>(text: string, params?: readonly unknown[]) => toQueryResult<Row>(await run(pool, text, params)),
    transaction: async (work, { queryTimeoutMs: timeout } = {}) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client is no longer covered by the pool's error listener: the server ending
      // the session between two queries (a fast shutdown, a terminated backend) would otherwise be
      // an unhandled 'error' event that kills the process. The next query fails with it instead.
      const lost = (error: Error) => {
        broken = error;
      };
      client.on('error', lost);
      const query = async (text: string, params?: readonly unknown[]) => {
        try {
          return await run(client, text, params, timeout);
        } catch (error) {
          // The connection still waits for the unanswered statement, which the server may be
          // running yet: nothing more can be sent on it, not even a ROLLBACK.
          if (error instanceof QueryTimeout) broken = error;
          throw error;
        }
      };
      try {
        await query('begin');
        const tx: SqlTransaction = {
          query: async <Row>(text: string, params?: readonly unknown[]) => toQueryResult<Row>(await query(text, params)),
          exec: async (sql) => {
            await query(sql);
          },
        };
        const result = await work(tx);
        await query('commit');
        return result;
      } catch (error) {
        if (broken === undefined) {
          await query('rollback').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
        }
        throw error;
      } finally {
        client.off('error', lost);
        // A lost, timed-out or unrolled-back connection is in an unknown state: destroy it. The
        // server ends its session, rolling back what was not committed.
        client.release(broken);
      }
    },
    exec: async (sql) => {
      await run(pool, sql);
    },
    close: () => pool.end(),
  };
}

/** One statement; node-postgres's timeout becomes a `QueryTimeout`. `queryTimeoutMs` overrides the pool's. */
async function run(
  executor: pg.Pool | pg.PoolClient,
  text: string,
  params?: readonly unknown[],
  queryTimeoutMs?: number,
): Promise<pg.QueryResult> {
  // node-postgres reads `query_timeout` per query too; its types do not declare it.
  const config: pg.QueryConfig & { query_timeout?: number } = {
    text,
    values: params as unknown[] | undefined,
    query_timeout: queryTimeoutMs,
  };
  try {
    return await executor.query(config);
  } catch (error) {
    throw isDriverQueryTimeout(error) ? new QueryTimeout(error) : error;
  }
}

function toQueryResult<Row>(result: pg.QueryResult): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}
