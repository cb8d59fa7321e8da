import type { Database, Migration, SqlExecutor } from './database.js';

// One lock for all namespaces (exported so a test can hold it to keep a start "migrating"): migrations are rare, and a single key keeps the
// `create table if not exists` below race-free too.
export const MIGRATION_LOCK_KEY = 7_301_185_112;
/**
 * A migration may wait for another process's, or build an index, for longer than a request may
 * wait: past the server's default statement_timeout (15 s), so a live server's limit decides and
 * only a frozen one meets this.
 */
const MIGRATION_QUERY_TIMEOUT_MS = 60_000;

/** Ids sort in application order (code-unit order, as the ids are written: `0001-…`). */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Applies the not-yet-applied migrations of `namespace` in id order, all in one transaction,
 * and records each in `schema_migrations`. Safe to call on every start and from several
 * processes at once: the advisory lock makes a second process wait, then find nothing to do.
 * Returns the ids applied by this call.
 */
export async function runMigrations(db: Database, namespace: string, migrations: readonly Migration[]): Promise<string[]> {
  const ordered = [...migrations].sort(byId);
  const duplicate = ordered.find((m, i) => i > 0 && ordered[i - 1].id === m.id);
  if (duplicate) throw new Error(`migration ${namespace}/${duplicate.id} is defined twice`);

  return db.transaction(
    async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(`create table if not exists schema_migrations (
      namespace text not null,
      id text not null,
      applied_at timestamptz not null default now(),
      primary key (namespace, id)
    )`);
      const done = await tx.query<{ id: string }>('select id from schema_migrations where namespace = $1', [namespace]);
      const applied = new Set(done.rows.map((row) => row.id));
      const pending = ordered.filter((m) => !applied.has(m.id));
      for (const migration of pending) {
        await tx.exec(migration.sql);
        await tx.query('insert into schema_migrations (namespace, id) values ($1, $2)', [namespace, migration.id]);
      }
      return pending.map((m) => m.id);
    },
    { queryTimeoutMs: MIGRATION_QUERY_TIMEOUT_MS },
  );
}

/** The migrations one owner applies in its namespace (several owners may share a namespace). */
export interface MigrationSet {
  namespace: string;
  migrations: readonly Migration[];
}

export interface AppliedMigration {
  id: string;
  appliedAt: string;
}

export interface NamespaceStatus {
  namespace: string;
  applied: AppliedMigration[];
  /** Known here, not applied yet: the next start applies them. */
  pending: string[];
  /** Applied, but unknown to this code: a newer version ran on this database. */
  unknown: AppliedMigration[];
}

/**
 * Which of `sets` are applied on `db`, read only: a database nothing ran on yet (no
 * `schema_migrations`) has everything pending. Namespaces only the database knows come last.
 */
export async function readMigrationStatus(db: SqlExecutor, sets: readonly MigrationSet[]): Promise<NamespaceStatus[]> {
  const known = new Map<string, Set<string>>();
  for (const { namespace, migrations } of sets) {
    const ids = known.get(namespace) ?? new Set<string>();
    for (const migration of migrations) ids.add(migration.id);
    known.set(namespace, ids);
  }
  const { rows: table } = await db.query<{ present: boolean }>("select to_regclass('schema_migrations') is not null as present");
  const { rows } = table[0]?.present
    ? await db.query<{ namespace: string; id: string; applied_at: Date }>('select namespace, id, applied_at from schema_migrations')
    : { rows: [] };
  for (const row of rows) if (!known.has(row.namespace)) known.set(row.namespace, new Set());
  return [...known].map(([namespace, ids]) => {
    const applied = rows
      .filter((row) => row.namespace === namespace)
      .map((row) => ({ id: row.id, appliedAt: row.applied_at.toISOString() }))
      .sort(byId);
    return {
      namespace,
      applied: applied.filter((migration) => ids.has(migration.id)),
      pending: [...ids].filter((id) => !applied.some((migration) => migration.id === id)).sort(),
      unknown: applied.filter((migration) => !ids.has(migration.id)),
    };
  });
}
