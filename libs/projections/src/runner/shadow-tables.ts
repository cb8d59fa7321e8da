import type { SqlExecutor } from '#libs/database';
import type { TableNames } from './projection.js';

/** Where a rebuild writes: a copy of each live table (columns, defaults, constraints, indexes). */
export const SHADOW_TABLES: TableNames = (table) => `${table}__rebuild`;

export async function createShadowTables(tx: SqlExecutor, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await tx.query(`drop table if exists ${SHADOW_TABLES(table)}`);
    await tx.query(`create table ${SHADOW_TABLES(table)} (like ${table} including all)`);
  }
}

export async function dropShadowTables(tx: SqlExecutor, tables: readonly string[]): Promise<void> {
  for (const table of tables) await tx.query(`drop table if exists ${SHADOW_TABLES(table)}`);
}

/**
 * Puts the shadow tables in place of the live ones. Readers queued behind the renames find the
 * new tables by name once the transaction commits. The copies' indexes were named after the
 * shadow table, so they get the live names back (migrations keep PostgreSQL's default names).
 */
export async function swapShadowTables(tx: SqlExecutor, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const shadow = SHADOW_TABLES(table);
    await tx.query(`drop table ${table}`);
    await tx.query(`alter table ${shadow} rename to ${table}`);
    const { rows } = await tx.query<{ indexname: string }>(
      `select indexname from pg_indexes where schemaname = current_schema() and tablename = $1 and starts_with(indexname, $2)`,
      [table, shadow],
    );
    for (const { indexname } of rows) {
      await tx.query(`alter index "${indexname}" rename to "${table}${indexname.slice(shadow.length)}"`);
    }
  }
}
