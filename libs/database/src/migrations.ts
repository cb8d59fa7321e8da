import type { Database, Migration } from './database.js';

// One lock for all namespaces (exported so a test can hold it to keep a start "migrating"): migrations are rare, and a single key keeps the
// `create table if not exists` below race-free too.
export const MIGRATION_LOCK_KEY = 7_301_185_112;
/**
 * A migration may wait for another process's, or build an index, for longer than a request may
 * wait: past the server's default statement_timeout (15 s), so a live server's limit decides and
 * only a frozen one meets this.
 */
const MIGRATION_QUERY_TIMEOUT_MS = 60_000;

/**
 * Applies the not-yet-applied migrations of `namespace` in id order, all in one transaction,
 * and records each in `schema_migrations`. Safe to call on every start and from several
 * processes at once: the advisory lock makes a second process wait, then find nothing to do.
 * Returns the ids applied by this call.
 */
export async function runMigrations(db: Database, namespace: string, migrations: readonly Migration[]): Promise<string[]> {
  const ordered = [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
