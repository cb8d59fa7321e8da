import { mkdtemp } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningKeyRing } from '#libs/certificates';
import type { Database } from '#libs/database';
import type { EventStore, NewEvent } from '#libs/event-store';
import { TransparencyLog, type TransparencyLogOptions } from '#libs/transparency-log';

export const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const anEvent = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata: { occurredAt: '2025-03-01T09:30:00.000Z', schemaVersion: 1, actor: { keyId: 'k1', roles: ['operator'] } },
});

export async function testKeys(): Promise<SigningKeyRing> {
  return SigningKeyRing.load({ dataDir: await mkdtemp(join(tmpdir(), 'cellpath-log-keys-')) });
}

export async function openLog(
  db: Database,
  store: EventStore,
  keys: SigningKeyRing,
  options: Partial<TransparencyLogOptions> = {},
): Promise<TransparencyLog> {
  return TransparencyLog.open({ db, store, keys, origin: 'log.test.example', logger: SILENT, ...options });
}

/**
 * Sequences until every committed event is a leaf. The visibility horizon is cluster-wide on
 * PostgreSQL (the oldest running transaction in any database), so another client of the server
 * can hold it back for a while: a step that adds nothing is not yet the end.
 */
export async function catchUp(log: TransparencyLog, db: Database, timeoutMs = 30_000): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from events');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { added, treeSize } = await log.sequence();
    if (treeSize >= rows[0].n) return treeSize;
    if (added > 0) continue;
    if (Date.now() > deadline) throw new Error(`the log holds ${treeSize} of ${rows[0].n} events after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Appends `streams` × `perStream` events, streams written side by side (positions interleave). */
export async function appendSome(store: EventStore, prefix: string, streams: number, perStream: number): Promise<void> {
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      for (let r = 0; r < perStream; r++) {
        await store.append(`${prefix}${s}`, [anEvent(r === 0 ? 'Opened' : 'Noted', { s, r })], {
          expectedRevision: r === 0 ? 'no_stream' : r - 1,
        });
      }
    }),
  );
}
