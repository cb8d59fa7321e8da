/**
 * What only the SQL adapters promise on top of the port's contract: concurrent appends are merged
 * into one INSERT (group commit), and one append the server refuses must not take the others down.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '#libs/database';
import { SqlEventStore } from '#libs/event-store';

const metadata = { occurredAt: '2025-03-01T09:30:00.000Z', schemaVersion: 1 };

export function sqlEventStoreContract(name: string, setup: { skip?: string; db: () => Database }): void {
  (setup.skip ? describe.skip : describe)(`${name} SQL event store (group commit)`, () => {
    test('an append the server refuses (NUL in jsonb) fails alone; the 40 merged with it are stored', async () => {
      const store = await SqlEventStore.open(setup.db());
      const prefix = `g${randomUUID().slice(0, 8)}-`;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 41 }, (_, i) =>
          store.append(`${prefix}${i}`, [{ type: 'E', data: { i, note: i === 20 ? 'a\u0000b' : 'ok' }, metadata }], {
            expectedRevision: 'no_stream',
          }),
        ),
      );
      expect(outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [i] : []))).toEqual([20]);
      expect((outcomes[20] as PromiseRejectedResult).reason).toMatchObject({ code: '22P05' });
      const stored = await store.readAll({ filter: { streamPrefix: prefix } });
      expect(stored.map((event) => event.data.i).sort((a, b) => Number(a) - Number(b))).toEqual(
        [...Array(41).keys()].filter((i) => i !== 20),
      );
    });
  });
}
