/**
 * The client stopped waiting for a statement's answer and closed the connection: the server is
 * frozen, cut off without a reset, or too slow. What the statement did is unknown: the server
 * may still run it, and a write may still commit, so this is never a refusal.
 */
export class QueryTimeout extends Error {
  override readonly name = 'QueryTimeout';

  constructor(cause: unknown) {
    super('the database did not answer in time; the connection was closed', { cause });
  }
}

/** node-postgres gives up on a statement after `query_timeout` with this error, without a code. */
export function isDriverQueryTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}
