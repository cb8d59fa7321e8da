/**
 * The one SQL seam shared by the event store, read models, idempotency keys and checkpoints.
 * Two implementations: PGlite (embedded, on disk under DATA_DIR) and PostgreSQL (`pg` pool).
 * Both speak the same SQL dialect, so every caller writes its SQL once.
 *
 * Result types are the same on both: int8 → number (throws past 2^53, so cast to text in SQL
 * where values can be larger), numeric → string, timestamptz → Date, json/jsonb → parsed.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** The executor handed to `transaction` work; `exec` lets migrations run multi-statement SQL atomically. */
export interface SqlTransaction extends SqlExecutor {
  exec(sql: string): Promise<void>;
}

export interface TransactionOptions {
  /**
   * How long each statement may go unanswered before the client gives up on the connection
   * (PostgreSQL; the pool's `queryTimeoutMs` by default). For work that may rightly wait longer
   * than a request can, such as migrations queued behind another process's.
   */
  queryTimeoutMs?: number;
}

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction (BEGIN/COMMIT, ROLLBACK on throw). Concurrent callers never
   * share a transaction. On PGlite (one connection) they queue, so `work` must use `tx` only:
   * calling the Database itself from inside `work` would wait for its own transaction.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A versioned SQL migration; `id` sorts in application order within its namespace. */
export interface Migration {
  id: string;
  sql: string;
}
