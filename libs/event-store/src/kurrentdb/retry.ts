/**
 * Riding out a lost connection: retry with capped exponential backoff, and follow a subscription
 * across reconnects from the last position it delivered. Pure: the operation, the error
 * classification and the clock come in as arguments, so the logic is tested without a server.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { comparePositions } from '../positions.js';

export interface RetryPolicy {
  /** Pause after the first failure; each further consecutive failure doubles it. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failures after which the error is passed on (`Infinity`: until aborted). */
  maxAttempts: number;
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Only these errors are retried; any other is passed on at once. */
  isTransient(error: unknown): boolean;
  /** Ends the waiting: the error in hand is passed on (a subscription just ends). */
  signal?: AbortSignal;
  /** Called before each pause, e.g. to log the reconnect. */
  onRetry?(error: unknown, failures: number, delayMs: number): void;
  /** Test seam: resolves after `ms`, or early when `signal` aborts. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** Test seam for the jitter, in [0, 1). */
  random?(): number;
}

const realSleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined);

/**
 * The pause after `failures` consecutive failures (1, 2, …): exponential, capped, then jittered
 * down by up to half, so clients that lost the same server do not all come back at once.
 */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (1 - random() / 2));
}

/** One more try after `error`? Pauses first; false when the error must be passed on. */
async function pauseBeforeRetry(error: unknown, failures: number, options: RetryOptions): Promise<boolean> {
  const { policy, isTransient, signal, onRetry, sleep = realSleep, random } = options;
  if (signal?.aborted || !isTransient(error) || failures >= policy.maxAttempts) return false;
  const ms = backoffDelay(failures, policy, random);
  onRetry?.(error, failures, ms);
  await sleep(ms, signal);
  return !signal?.aborted;
}

/** Runs `operation` until it succeeds, retrying transient failures per the policy. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await operation();
    } catch (error) {
      if (!(await pauseBeforeRetry(error, failures, options))) throw error;
    }
  }
}

/**
 * Follows `open(checkpoint)` (one server subscription, exclusive of `checkpoint`) and, when it
 * fails with a transient error, opens it again from the position of the last item delivered.
 * Items at or before that position are dropped, so a server that resends the checkpoint's own
 * event (or more) never makes an item appear twice or out of order. The backoff starts over once
 * a subscription delivers again. Ends when a subscription ends or `signal` aborts.
 */
export async function* resubscribing<T>(
  open: (checkpoint: string | undefined) => AsyncIterable<T>,
  positionOf: (item: T) => string,
  from: string | undefined,
  options: RetryOptions,
): AsyncGenerator<T> {
  let checkpoint = from;
  let failures = 0;
  for (;;) {
    try {
      for await (const item of open(checkpoint)) {
        const position = positionOf(item);
        if (checkpoint !== undefined && comparePositions(position, checkpoint) <= 0) continue;
        failures = 0;
        checkpoint = position;
        yield item;
      }
      return;
    } catch (error) {
      if (options.signal?.aborted) return;
      if (!(await pauseBeforeRetry(error, ++failures, options))) {
        if (options.signal?.aborted) return;
        throw error;
      }
    }
  }
}
