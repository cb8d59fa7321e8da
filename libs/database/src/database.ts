/**
 * The one SQL seam shared by the event store, read models, idempotency keys and checkpoints.
 * Two implementations: PGlite (embedded, on disk under DATA_DIR) and PostgreSQL (`pg` pool).
 * Both speak the same SQL dialect, so every caller writes its SQL once.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction (BEGIN/COMMIT, ROLLBACK on throw). */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A versioned SQL migration; `id` sorts in application order within its namespace. */
export interface Migration {
  id: string;
  sql: string;
}
