import { DeadlineExceededError, NotLeaderError, TimeoutError, UnavailableError } from '@kurrent/kurrentdb-client';

/**
 * The server is unreachable or restarting, is no longer the leader, or did not answer in time:
 * the client reconnects (or rediscovers the leader) on its next call, so the call is worth repeating.
 */
export function isTransientKurrentDbError(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError
  );
}
