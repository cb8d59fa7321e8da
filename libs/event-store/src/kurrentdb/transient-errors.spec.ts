import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  UnknownError,
} from '@kurrent/kurrentdb-client';
import { notLeaderAnswer, streamAlreadyInSessionAnswer } from '../../test/kurrentdb-answers.js';
import { isNotLeaderAnswer, isTransientKurrentDbError } from './transient-errors.js';

describe('isTransientKurrentDbError (the client’s own error classes)', () => {
  test('is true for unavailable, deadline and cancelled errors, false for a refusal or a plain error', () => {
    expect(isTransientKurrentDbError(new UnavailableError(undefined, 'no connection'))).toBe(true);
    expect(isTransientKurrentDbError(new DeadlineExceededError(undefined, 'deadline'))).toBe(true);
    expect(isTransientKurrentDbError(new CancelledError(undefined, 'cancelled by the server'))).toBe(true);
    expect(isTransientKurrentDbError(new AccessDeniedError(undefined, 'denied'))).toBe(false);
    expect(isTransientKurrentDbError(new Error('x'))).toBe(false);
  });

  test("a follower's not-leader answer to a multi-stream append reaches us as an UnknownError, and is transient", () => {
    const answer = notLeaderAnswer();
    // Client 1.3.1 does not know the v2 detail: it is neither a NotLeaderError nor reconnected by the client.
    expect(answer).toBeInstanceOf(UnknownError);
    expect(answer).not.toBeInstanceOf(NotLeaderError);
    expect(isNotLeaderAnswer(answer)).toBe(true);
    expect(isTransientKurrentDbError(answer)).toBe(true);
  });

  test('another failed precondition the client does not decode is not taken for a leader change', () => {
    const answer = streamAlreadyInSessionAnswer();
    expect(answer).toBeInstanceOf(UnknownError);
    expect(isNotLeaderAnswer(answer)).toBe(false);
    expect(isTransientKurrentDbError(answer)).toBe(false);
    expect(isNotLeaderAnswer(new UnknownError(undefined, 'NotLeaderNodeErrorDetails in a message only'))).toBe(false);
  });
});
