/**
 * The KurrentDB adapter against a real server whose link is cut and restored: the subscription
 * resubscribes from its last event (nothing missed, nothing twice) and requests fail fast while
 * the link is down, then work again without a new client. Runs where KURRENTDB_URL is set or a
 * container runtime answers; the retry logic itself is unit-tested in libs/event-store/src/kurrentdb.
 */
import { randomUUID } from 'node:crypto';
import { UnavailableError } from '@kurrent/kurrentdb-client';
import { KurrentDbEventStore, type NewEvent, type RecordedEvent } from '#libs/event-store';
import { waitFor } from '../support/async.js';
import { kurrentdbTarget } from '../support/targets.js';
import { CuttableProxy } from './support/cuttable-proxy.js';

const target = await kurrentdbTarget();
const skip = 'skip' in target ? target.skip : undefined;
if (skip) console.warn(`SKIPPED KurrentDB reconnect: ${skip}`);

const event = (n: number): NewEvent => ({
  type: 'ReconnectProbe',
  data: { n },
  metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
});

(skip ? describe.skip : describe)(`KurrentDB adapter across a cut link${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let proxy: CuttableProxy;
  let direct: KurrentDbEventStore;
  beforeAll(async () => {
    if ('skip' in target) throw new Error(target.skip);
    const server = new URL(target.url);
    proxy = new CuttableProxy(server.hostname, Number(server.port));
    await proxy.start();
    direct = KurrentDbEventStore.connect(target.url);
  }, 120_000);
  afterAll(async () => {
    await direct?.close();
    await proxy?.close();
    if (!('skip' in target)) await target.stop();
  });

  test('the subscription resumes from its checkpoint after the link comes back: every event once, in order', async () => {
    const retries: unknown[] = [];
    const proxied = KurrentDbEventStore.connect(`kurrentdb://127.0.0.1:${proxy.port}?tls=false`, {
      onRetry: (error) => retries.push(error),
    });
    const stream = `reconnect-${randomUUID()}`;
    const stop = new AbortController();
    const seen: RecordedEvent[] = [];
    try {
      await direct.append(stream, [event(1), event(2), event(3)], { expectedRevision: 'no_stream' });
      const following = (async () => {
        for await (const e of proxied.subscribe({ filter: { streamPrefix: stream }, signal: stop.signal })) seen.push(e);
      })();
      await waitFor('the first three events', () => seen.length === 3, 30_000);

      await proxy.cut();
      await direct.append(stream, [event(4), event(5)], { expectedRevision: 2 });
      await expect(proxied.readStream(stream)).rejects.toBeInstanceOf(UnavailableError);
      await proxy.restore();
      await direct.append(stream, [event(6)], { expectedRevision: 4 });

      await waitFor('all six events', () => seen.length >= 6, 60_000);
      stop.abort();
      await following;
      expect(seen.map((e) => [e.revision, e.data.n])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n - 1, n]));
      expect(retries.length).toBeGreaterThan(0);
      expect((await proxied.readStream(stream)).length).toBe(6);
    } finally {
      stop.abort();
      await proxied.close();
    }
  }, 120_000);
});
