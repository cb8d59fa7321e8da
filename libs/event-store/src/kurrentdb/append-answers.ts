/**
 * Reading the client's answers to an append: which refusals are conflicts to retry, and whether
 * the server can take multi-stream appends at all. Pure, so it is tested on the client's own
 * error classes and result shapes without a server.
 */
import {
  AppendConsistencyViolationError,
  UnsupportedError,
  WrongExpectedVersionError,
  type AppendResult,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client';

export interface Conflict {
  streamName: string;
  actual: number | 'no_stream';
}

/** The stream whose expected state the server refused, or undefined for any other failure. */
export function conflictOf(error: unknown): Conflict | undefined {
  if (error instanceof WrongExpectedVersionError) return { streamName: error.streamName, actual: fromCurrentState(error.actualState) };
  if (error instanceof AppendConsistencyViolationError && error.violations.length > 0) {
    const [violation] = error.violations;
    return { streamName: violation.streamName, actual: fromCurrentState(violation.actualState) };
  }
  return undefined;
}

/**
 * `appendToStream` resolves a refusal with `success: false` instead of rejecting when the
 * connection string says `throwOnAppendFailure=false`: that answer is a conflict, never a write.
 */
export function assertAppended(streamName: string, expected: AppendStreamState, result: AppendResult): void {
  if (result.success) return;
  const current = result.nextExpectedRevision < 0n ? 'no_stream' : result.nextExpectedRevision;
  throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
}

/**
 * The start-up probe appends to a stream at a revision it cannot have: the server refusing it
 * proves that multi-stream appends work there and that their conflicts come back as conflicts.
 */
export function checkProbeAnswer(error: unknown): void {
  if (error instanceof WrongExpectedVersionError) return;
  if (error instanceof UnsupportedError) {
    throw new Error(
      `KurrentDB does not take multi-stream appends (Cellpath needs them for cross-stream rules and event-id markers): use KurrentDB ${error.minimumVersion} or later`,
      { cause: error },
    );
  }
  throw error;
}

function fromCurrentState(state: CurrentStreamState): number | 'no_stream' {
  return state === 'no_stream' || state < 0n ? 'no_stream' : Number(state);
}
