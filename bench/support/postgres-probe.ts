import pg from 'pg';
import type { BenchOptions } from './options.js';
import type { Progress } from './progress.js';

/** What to do on a machine without PostgreSQL: said when it is skipped, and when it was asked for but does not answer. */
export const HOW_TO_ADD_POSTGRES = `To add PostgreSQL, point DATABASE_URL (or --database-url) at a role that may create databases on a PostgreSQL 15+ server, e.g.
  docker run -d --rm -p 127.0.0.1:5432:5432 -e POSTGRES_USER=cellpath -e POSTGRES_PASSWORD=cellpath postgres:15
  DATABASE_URL=postgres://cellpath:cellpath@localhost:5432/cellpath npm run bench -- all --quick
(or install postgresql-15 and create that role as .ci/run does).`;

/** Asked for with --store but not reachable: the run stops before measuring anything. */
export class PostgresUnreachable extends Error {
  override readonly name = 'PostgresUnreachable';
}

/** Text that may hold a connection URL (the admin URL, the command line), as it may be printed: without the password. */
export function withoutPassword(text: string): string {
  return text.replace(/(:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}

/** The server's version, or why it cannot be reached (within five seconds). */
async function probe(adminUrl: string): Promise<{ version: string } | { unreachable: string }> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return { version: (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version };
  } catch (error) {
    return { unreachable: (error as Error).message || String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The stores this run can measure, and the PostgreSQL version when it is one of them. Without
 * `--store`, a PostgreSQL that does not answer is left out with a note, so a newcomer's first
 * `npm run bench -- all --quick` measures the embedded store; asked for explicitly, it is an error.
 */
export async function reachableStores(
  options: BenchOptions,
  progress: Progress,
): Promise<{ options: BenchOptions; postgres: string | null }> {
  if (!options.stores.includes('postgres')) return { options, postgres: null };
  const answer = await probe(options.adminUrl);
  if ('version' in answer) return { options, postgres: answer.version };
  const reason = `PostgreSQL at ${withoutPassword(options.adminUrl)} does not answer (${answer.unreachable})`;
  if (options.storeAsked) throw new PostgresUnreachable(`${reason}.\n${HOW_TO_ADD_POSTGRES}`);
  progress.line('bench', `${reason}: measuring the embedded store (PGlite) only.\n${HOW_TO_ADD_POSTGRES}`);
  return { options: { ...options, stores: options.stores.filter((store) => store !== 'postgres') }, postgres: null };
}
