import { setImmediate } from 'node:timers/promises';

const IDLE = Symbol('idle');

/**
 * Groups what `source` yields into arrays of at most `maxSize`: a batch closes when it is full or
 * when the next item is not ready by the next turn of the event loop (the source is waiting on
 * I/O). While a batch is being consumed, the following `next()` already runs, so reading the log
 * and applying it overlap. Stop the source (its abort signal) before leaving the loop: a pending
 * `next()` of a live subscription otherwise never settles.
 */
export async function* inBatches<T>(source: AsyncIterable<T>, maxSize: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const pull = () => {
    const next = iterator.next();
    // Awaited later; until then a rejection must not count as unhandled.
    next.catch(() => undefined);
    return next;
  };
  let pending = pull();
  try {
    for (;;) {
      const first = await pending;
      if (first.done === true) return;
      const batch = [first.value];
      pending = pull();
      let ended = false;
      while (batch.length < maxSize) {
        const ready = await Promise.race([pending, setImmediate(IDLE)]);
        if (ready === IDLE) break;
        if (ready.done === true) {
          ended = true;
          break;
        }
        batch.push(ready.value);
        pending = pull();
      }
      yield batch;
      if (ended) return;
    }
  } finally {
    void iterator.return?.()?.catch(() => undefined);
  }
}
