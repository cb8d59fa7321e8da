import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
} from '@kurrent/kurrentdb-client';

/** gRPC status code FAILED_PRECONDITION. */
const FAILED_PRECONDITION = 9;

/**
 * A follower's refusal of a multi-stream append, as after a leader change. KurrentDB's v2 API
 * answers FAILED_PRECONDITION with a `NotLeaderNodeErrorDetails` status detail, which client 1.3.1
 * does not know: it turns it into an `UnknownError` and does not reconnect. The detail's type URL
 * sits verbatim in the status bytes, so no protobuf decoding is needed to recognise it.
 */
export function isNotLeaderAnswer(error: unknown): error is UnknownError {
  if (!(error instanceof UnknownError) || error.code !== FAILED_PRECONDITION) return false;
  const [details] = error._raw?.metadata?.get('grpc-status-details-bin') ?? [];
  return Buffer.isBuffer(details) && details.includes('NotLeaderNodeErrorDetails');
}

/**
 * The server is unreachable or restarting, is no longer the leader, did not answer in time, or
 * cancelled the call (as it does with long calls when it shuts down): the client reconnects (or
 * rediscovers the leader) on its next call, so the call is worth repeating.
 */
export function isTransientKurrentDbError(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    isNotLeaderAnswer(error)
  );
}
