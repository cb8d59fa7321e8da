import { CancelledError, DeadlineExceededError, NotLeaderError, TimeoutError, UnavailableError } from '@kurrent/kurrentdb-client';
import { QueryTimeout } from '#libs/database';
import { isNotLeaderAnswer } from '#libs/event-store';
import { ProblemException } from './problem.js';

/**
 * Why the database or event store could not serve a request, when the cause passes by itself:
 * the server is down or restarting (`unreachable`), a statement ran past its timeout or went
 * unanswered (`timeout`), the server ran out of disk, memory or connections (`out-of-resources`), or a
 * deadlock or serialization failure aborted the transaction (`contention`).
 */
export type StoreOutage = 'unreachable' | 'timeout' | 'out-of-resources' | 'contention';

/** Long enough for a PostgreSQL restart or a KurrentDB leader election to be noticed, short enough not to idle. */
const STORE_RETRY_AFTER_SECONDS = 1;

/** SQLSTATE (PostgreSQL error code) prefixes, most specific first. */
const SQLSTATE_OUTAGES: readonly (readonly [string, StoreOutage])[] = [
  ['08', 'unreachable'], // connection exception
  ['57P01', 'unreachable'], // admin_shutdown: `pg_ctl stop -m fast` terminated the session
  ['57P02', 'unreachable'], // crash_shutdown
  ['57P03', 'unreachable'], // cannot_connect_now: the server is starting up or shutting down
  ['57014', 'timeout'], // query_canceled: statement_timeout
  ['55P03', 'timeout'], // lock_not_available: lock_timeout
  ['53', 'out-of-resources'], // disk_full, out_of_memory, too_many_connections
  ['40001', 'contention'], // serialization_failure
  ['40P01', 'contention'], // deadlock_detected
];

/** Socket errors of a lost or refused connection (Node's errno codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * node-postgres raises these without a code: no connection within `connectionTimeoutMillis`
 * (the server did not answer, or every pooled connection stayed busy), no answer to a statement
 * within `query_timeout` (openPostgres wraps it in a QueryTimeout, whose cause it is), or the
 * socket closed.
 */
const PG_TIMEOUT = /^(timeout exceeded when trying to connect|Connection terminated due to connection timeout|Query read timeout)/;
const PG_CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error and is not queryable)/;

const DETAILS: Record<StoreOutage, string> = {
  unreachable: 'the database is unreachable or restarting',
  timeout: 'the database did not complete the request in time',
  'out-of-resources': 'the database is out of disk space, memory or connections',
  contention: 'the database aborted the request to resolve a conflict with another one',
};

interface ErrorLike {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function classifyOne(error: ErrorLike): StoreOutage | undefined {
  // A leader change outlasting the adapter's retries (a cancelled call, a follower's not-leader answer) is an outage too.
  if (error instanceof UnavailableError || error instanceof NotLeaderError || error instanceof CancelledError || isNotLeaderAnswer(error))
    return 'unreachable';
  if (error instanceof DeadlineExceededError || error instanceof TimeoutError || error instanceof QueryTimeout) return 'timeout';
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined) {
    const sqlState = SQLSTATE_OUTAGES.find(([prefix]) => /^[0-9A-Z]{5}$/.test(code) && code.startsWith(prefix));
    if (sqlState) return sqlState[1];
    if (NETWORK_CODES.has(code)) return 'unreachable';
    // A missing Unix socket: the server is not running.
    if (code === 'ENOENT' && error.syscall === 'connect') return 'unreachable';
  }
  if (typeof error.message === 'string') {
    if (PG_TIMEOUT.test(error.message)) return 'timeout';
    if (PG_CONNECTION_LOST.test(error.message)) return 'unreachable';
  }
  return undefined;
}

/**
 * The outage behind `error`, looking through `cause` and AggregateError members (Node reports a
 * refused `localhost` as one error per address tried); undefined for anything else.
 */
export function classifyStoreOutage(error: unknown, depth = 0): StoreOutage | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const own = classifyOne(error as ErrorLike);
  if (own) return own;
  const { cause, errors } = error as ErrorLike;
  const inner = [cause, ...(Array.isArray(errors) ? errors : [])];
  for (const candidate of inner) {
    const found = classifyStoreOutage(candidate, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * 503 with Retry-After for a transient store failure: the client may send the same request
 * again. A failed transaction wrote nothing; only when the connection broke during COMMIT can
 * the write have landed unacknowledged, which is why a retry should carry the same
 * Idempotency-Key (it then returns the first result instead of writing twice).
 */
export function storeUnavailable(error: unknown): ProblemException | undefined {
  const outage = classifyStoreOutage(error);
  if (outage === undefined) return undefined;
  return new ProblemException(
    503,
    'store-unavailable',
    `${DETAILS[outage]}; retry in ${STORE_RETRY_AFTER_SECONDS} s (with the same Idempotency-Key for a command)`,
    { headers: { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) }, extensions: { outage } },
  );
}
