import { UnavailableError } from '@kurrent/kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';
import { freePort } from '../../../../test/support/processes.js';

describe('KurrentDB adapter with its server down (real client, no server)', () => {
  let url: string;
  beforeAll(async () => {
    url = `kurrentdb://127.0.0.1:${await freePort()}?tls=false`;
  });

  test('a read retries a few times, then fails fast with the client unavailable error', async () => {
    const retries: number[] = [];
    const store = KurrentDbEventStore.connect(url, { onRetry: (_error, failures) => retries.push(failures) });
    try {
      const started = Date.now();
      await expect(store.readStream('battery-1')).rejects.toBeInstanceOf(UnavailableError);
      await expect(
        store.appendMany([
          {
            streamId: 'battery-1',
            expectedRevision: 'any',
            events: [{ type: 'T', data: {}, metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 } }],
          },
        ]),
      ).rejects.toBeInstanceOf(UnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(retries).toEqual([1, 2, 3, 1, 2, 3]);
    } finally {
      await store.close();
    }
  });

  test('a subscription keeps resubscribing instead of failing, and ends quietly when stopped', async () => {
    let retries = 0;
    let resolveThird: () => void;
    const thirdRetry = new Promise<void>((resolve) => (resolveThird = resolve));
    const store = KurrentDbEventStore.connect(url, {
      onRetry: (error) => {
        expect(error).toBeInstanceOf(UnavailableError);
        if (++retries === 3) resolveThird();
      },
    });
    const stop = new AbortController();
    try {
      const following = (async () => {
        const delivered: unknown[] = [];
        for await (const event of store.subscribe({ fromPosition: '0', signal: stop.signal })) delivered.push(event);
        return delivered;
      })();
      await thirdRetry;
      stop.abort();
      await expect(following).resolves.toEqual([]);
    } finally {
      await store.close();
    }
  }, 20_000);
});
