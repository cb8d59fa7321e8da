import { backoffDelay, resubscribing, withRetry, type RetryOptions, type RetryPolicy } from './retry.js';

class Transient extends Error {}
class Fatal extends Error {}

const POLICY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5 };

/** Records the pauses instead of waiting; `random: () => 0` takes the jitter out. */
function options(overrides: Partial<RetryOptions> = {}): RetryOptions & { pauses: number[] } {
  const pauses: number[] = [];
  return {
    policy: POLICY,
    isTransient: (error) => error instanceof Transient,
    sleep: async (ms) => {
      pauses.push(ms);
    },
    random: () => 0,
    pauses,
    ...overrides,
  };
}

interface Item {
  position: string;
}

/**
 * A log of `count` items at positions 10, 20, …, served from an exclusive checkpoint. Each
 * subscription fails per `plan` (one entry per opening: fail after delivering n items, with
 * the given error) and, like a server reading from an inclusive position, may resend the item
 * at the checkpoint first.
 */
function fakeServer(count: number, plan: { after: number; error: Error }[], resendCheckpoint = true) {
  const log: Item[] = Array.from({ length: count }, (_, i) => ({ position: String((i + 1) * 10) }));
  const openedFrom: (string | undefined)[] = [];
  const open = (checkpoint: string | undefined): AsyncIterable<Item> => {
    openedFrom.push(checkpoint);
    const failure = plan[openedFrom.length - 1];
    return (async function* () {
      const start = checkpoint === undefined ? 0 : log.findIndex((item) => item.position === checkpoint) + (resendCheckpoint ? 0 : 1);
      let delivered = 0;
      for (const item of log.slice(start)) {
        if (failure && delivered === failure.after) throw failure.error;
        yield item;
        delivered++;
      }
      if (failure && delivered === failure.after) throw failure.error;
    })();
  };
  return { open, openedFrom };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('backoffDelay', () => {
  test('doubles from the initial delay up to the cap; jitter only shortens, by at most half', () => {
    expect([1, 2, 3, 4, 5, 6].map((failures) => backoffDelay(failures, POLICY, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, POLICY, () => 0.999)).toBe(200);
    expect(backoffDelay(3, POLICY, () => 0.5)).toBe(300);
  });
});

describe('withRetry', () => {
  test('retries transient failures with growing pauses, then returns the result', async () => {
    let calls = 0;
    const o = options();
    const result = await withRetry(async () => {
      if (++calls <= 3) throw new Transient(`blip ${calls}`);
      return 'ok';
    }, o);
    expect({ result, calls, pauses: o.pauses }).toEqual({ result: 'ok', calls: 4, pauses: [100, 200, 400] });
  });

  test('passes a non-transient error on at once, without pausing', async () => {
    const o = options();
    await expect(withRetry(() => Promise.reject(new Fatal('wrong expected version')), o)).rejects.toBeInstanceOf(Fatal);
    expect(o.pauses).toEqual([]);
  });

  test('gives up after maxAttempts consecutive failures with the last error', async () => {
    let calls = 0;
    const o = options();
    await expect(withRetry(() => Promise.reject(new Transient(`down ${++calls}`)), o)).rejects.toThrow('down 5');
    expect(o.pauses).toHaveLength(POLICY.maxAttempts - 1);
  });

  test('an abort during the pause passes the error on instead of trying again', async () => {
    const abort = new AbortController();
    let calls = 0;
    const o = options({
      signal: abort.signal,
      sleep: async () => {
        abort.abort();
      },
    });
    await expect(withRetry(() => Promise.reject(new Transient(`down ${++calls}`)), o)).rejects.toThrow('down 1');
    expect(calls).toBe(1);
  });

  test('reports each retry to onRetry', async () => {
    const seen: [string, number, number][] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3) throw new Transient('blip');
      },
      options({ onRetry: (error, failures, ms) => seen.push([(error as Error).message, failures, ms]) }),
    );
    expect(seen).toEqual([
      ['blip', 1, 100],
      ['blip', 2, 200],
    ]);
  });
});

describe('resubscribing', () => {
  test('resumes from the last delivered position after each failure: every item once, in order', async () => {
    const server = fakeServer(10, [
      { after: 3, error: new Transient('connection reset') },
      { after: 0, error: new Transient('unavailable') },
      { after: 4, error: new Transient('leader changed') },
    ]);
    const o = options();
    const items = await collect(resubscribing(server.open, (item) => item.position, undefined, o));
    expect(items.map((item) => item.position)).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    expect(server.openedFrom).toEqual([undefined, '30', '30', '60']);
    // The backoff starts over once a subscription delivers again.
    expect(o.pauses).toEqual([100, 200, 100]);
  });

  test('starts from the caller checkpoint, exclusive, whether or not the server resends it', async () => {
    for (const resend of [true, false]) {
      const server = fakeServer(5, [{ after: 1, error: new Transient('blip') }], resend);
      const items = await collect(resubscribing(server.open, (item) => item.position, '20', options()));
      expect(items.map((item) => item.position)).toEqual(['30', '40', '50']);
      expect(server.openedFrom).toEqual(['20', resend ? '20' : '30']);
    }
  });

  test('a non-transient error ends the subscription with that error', async () => {
    const server = fakeServer(5, [{ after: 2, error: new Fatal('access denied') }]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of resubscribing(server.open, (i) => i.position, undefined, options())) seen.push(item.position);
      })(),
    ).rejects.toBeInstanceOf(Fatal);
    expect(seen).toEqual(['10', '20']);
  });

  test('gives up after maxAttempts failures without progress', async () => {
    const down = Array.from({ length: 10 }, () => ({ after: 0, error: new Transient('down') }));
    const server = fakeServer(3, down);
    const o = options();
    await expect(collect(resubscribing(server.open, (i) => i.position, undefined, o))).rejects.toThrow('down');
    expect(server.openedFrom).toHaveLength(POLICY.maxAttempts);
  });

  test('an abort while waiting to resubscribe ends it quietly', async () => {
    const abort = new AbortController();
    const server = fakeServer(5, [{ after: 2, error: new Transient('down') }]);
    const o = options({ signal: abort.signal, sleep: async () => abort.abort() });
    const items = await collect(resubscribing(server.open, (i) => i.position, undefined, o));
    expect(items.map((item) => item.position)).toEqual(['10', '20']);
    expect(server.openedFrom).toHaveLength(1);
  });
});
