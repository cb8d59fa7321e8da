import type { SqlExecutor } from '#libs/database';

/**
 * Writes whole rows in one statement. Rows travel as one JSON array whose keys are the column
 * names, which both PGlite and node-postgres pass the same way; absent keys become NULL.
 */
export async function upsertRows(
  tx: SqlExecutor,
  table: string,
  key: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const updates = Object.keys(rows[0])
    .filter((column) => !key.includes(column))
    .map((column) => `${column} = excluded.${column}`);
  await tx.query(
    `insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)
     on conflict (${key.join(', ')}) do update set ${updates.join(', ')}`,
    [JSON.stringify(rows)],
  );
}
