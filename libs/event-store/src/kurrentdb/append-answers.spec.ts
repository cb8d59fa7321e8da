import {
  AppendConsistencyViolationError,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError,
  type AppendResult,
} from '@kurrent/kurrentdb-client';
import { assertAppended, checkProbeAnswer, conflictOf } from './append-answers.js';

const refusal = (streamName: string, current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName, expected: 3n, current });

describe('append answers (the client’s own error classes and result shapes)', () => {
  test('conflicts name the refused stream and its actual revision', () => {
    expect(conflictOf(refusal('battery-1', 7n))).toEqual({ streamName: 'battery-1', actual: 7 });
    expect(conflictOf(refusal('idem/0b8f3a52-5a7c-4d7e-9f0e-2b1a6c9d4e01', 'no_stream'))).toEqual({
      streamName: 'idem/0b8f3a52-5a7c-4d7e-9f0e-2b1a6c9d4e01',
      actual: 'no_stream',
    });
    const violation = new AppendConsistencyViolationError(undefined as never, {
      violationsList: [{ checkIndex: 0, streamState: { stream: 'site/S1', expectedState: '4', actualState: '5' } }],
    });
    expect(conflictOf(violation)).toEqual({ streamName: 'site/S1', actual: 5 });
    expect(conflictOf(new UnavailableError(undefined, 'down'))).toBeUndefined();
  });

  test('an append answered with success false (throwOnAppendFailure=false) is a conflict, never a write', () => {
    const refused: AppendResult = { success: false, nextExpectedRevision: 4n, position: undefined };
    const thrown = catching(() => assertAppended('battery-1', 3n, refused));
    expect(thrown).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflictOf(thrown)).toEqual({ streamName: 'battery-1', actual: 4 });
    expect(conflictOf(catching(() => assertAppended('new', 'no_stream', { ...refused, nextExpectedRevision: -1n })))).toEqual({
      streamName: 'new',
      actual: 'no_stream',
    });
    expect(() =>
      assertAppended('battery-1', 3n, { success: true, nextExpectedRevision: 4n, position: { commit: 9n, prepare: 9n } }),
    ).not.toThrow();
  });

  test('the start-up probe: a refusal proves multi-stream appends; an old server stops the start with the version needed', () => {
    expect(() => checkProbeAnswer(refusal('idem/start-up-check', 'no_stream'))).not.toThrow();
    expect(() => checkProbeAnswer(new UnsupportedError('multiStreamAppend', '25.1'))).toThrow(
      'KurrentDB does not take multi-stream appends (Cellpath needs them for cross-stream rules and event-id markers): use KurrentDB 25.1 or later',
    );
    const down = new UnavailableError(undefined, 'down');
    expect(() => checkProbeAnswer(down)).toThrow(down);
  });
});

function catching(work: () => void): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}
