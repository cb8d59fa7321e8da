/**
 * What the transparency log must do on every SQL database: leaves in position order without gap
 * or duplicate, only below the visibility horizon, proofs that verify, checkpoints signed and kept.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '#libs/database';
import { SqlEventStore, comparePositions, type EventStore } from '#libs/event-store';
import {
  LogEventNotFound,
  LogRequestInvalid,
  MemoryTree,
  NotYetInLog,
  hashFromHex,
  leafData,
  leafHash,
  parseCheckpointText,
  rootHash,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  type TransparencyLog,
} from '#libs/transparency-log';
import { SigningKeyRing } from '#libs/certificates';
import { gate, waitFor } from '../support/async.js';
import { anEvent, appendSome, catchUp, openLog, testKeys } from './log-fixture.js';

export interface LogSetup {
  skip?: string;
  /** Whether `open` gives a second pool (PostgreSQL); PGlite has one connection, nothing to race. */
  secondPool: boolean;
  /** A fresh, empty database (each test gets its own log), and a second pool on it where there can be one. */
  open(): Promise<{ db: Database; other?: Database; close(): Promise<void> }>;
}

export function transparencyLogContract(name: string, setup: LogSetup): void {
  (setup.skip ? describe.skip : describe)(`${name} transparency log`, () => {
    let db: Database;
    let other: Database | undefined;
    let close: () => Promise<void>;
    let store: EventStore;
    let keys: SigningKeyRing;
    let log: TransparencyLog;

    beforeEach(async () => {
      ({ db, other, close } = await setup.open());
      store = await SqlEventStore.open(db);
      keys = await testKeys();
      log = await openLog(db, store, keys);
    });
    afterEach(async () => {
      await log.stop();
      await close();
    });

    test('every event becomes one leaf, in global position order, indexes 0..n-1', async () => {
      await appendSome(store, 's', 6, 8);
      expect(await catchUp(log, db)).toBe(48);
      const events = await store.readAll();
      const { entries, treeSize } = await log.entries(0, 1000);
      expect(treeSize).toBe(48);
      expect(entries.map((e) => e.index)).toEqual([...Array(48).keys()]);
      expect(entries.map(({ streamId, revision, type, hash }) => ({ streamId, revision, type, hash }))).toEqual(
        events.map(({ streamId, revision, type, hash }) => ({ streamId, revision, type, hash })),
      );
      expect((await log.entries(40, 1000)).entries.map((e) => e.index)).toEqual([40, 41, 42, 43, 44, 45, 46, 47]);
    });

    test('checkpoints sign the RFC 9162 root of the leaves; inclusion and consistency proofs verify', async () => {
      await appendSome(store, 'p', 3, 5);
      await catchUp(log, db);
      const first = await log.checkpoint();
      await appendSome(store, 'q', 4, 3);
      await catchUp(log, db);
      const second = await log.checkpoint();
      expect([first.treeSize, second.treeSize]).toEqual([15, 27]);
      for (const checkpoint of [first, second]) expect(verifyCheckpoint(checkpoint, await keys.jwks())).toMatchObject({ valid: true });

      const { entries } = await log.entries(0, 1000);
      const tree = new MemoryTree(entries.map((entry) => leafHash(leafData(entry))));
      expect(parseCheckpointText(second.text).rootHash.equals(await rootHash(27, tree.source))).toBe(true);

      for (const entry of entries) {
        const proof = await log.inclusion(entry.streamId, entry.revision);
        expect(proof.treeSize).toBe(27);
        verifyInclusion(
          proof.leafIndex,
          proof.treeSize,
          leafHash(leafData(entry)),
          proof.auditPath.map((h) => hashFromHex(h, 'path')),
          hashFromHex(second.rootHash, 'root'),
        );
      }
      const older = await log.inclusion(entries[3].streamId, entries[3].revision, 15);
      verifyInclusion(
        3,
        15,
        leafHash(leafData(entries[3])),
        older.auditPath.map((h) => hashFromHex(h, 'path')),
        hashFromHex(first.rootHash, 'root'),
      );

      const { proof } = await log.consistency(15, 27);
      verifyConsistency(
        15,
        27,
        proof.map((h) => hashFromHex(h, 'proof')),
        hashFromHex(first.rootHash, 'r1'),
        hashFromHex(second.rootHash, 'r2'),
      );
      expect((await log.consistency(27, 27)).proof).toEqual([]);
    });

    test('refusals: unknown event, not yet in the log, sizes beyond the log, from 0 or after to', async () => {
      await appendSome(store, 'r', 1, 2);
      await catchUp(log, db);
      await log.checkpoint();
      await store.append('r0', [anEvent('Late')], { expectedRevision: 1 });
      await expect(log.inclusion('r0', 2)).rejects.toBeInstanceOf(NotYetInLog);
      await expect(log.inclusion('r0', 7)).rejects.toBeInstanceOf(LogEventNotFound);
      await expect(log.inclusion('nope', 0)).rejects.toBeInstanceOf(LogEventNotFound);
      await catchUp(log, db);
      await expect(log.inclusion('r0', 2, 2)).rejects.toBeInstanceOf(NotYetInLog);
      await expect(log.inclusion('r0', 0, 4)).rejects.toBeInstanceOf(LogRequestInvalid);
      await expect(log.consistency(0, 2)).rejects.toMatchObject({ field: 'from' });
      await expect(log.consistency(3, 2)).rejects.toMatchObject({ field: 'from' });
      await expect(log.consistency(1, 4)).rejects.toMatchObject({ field: 'to' });
    });

    test('the running log signs checkpoints while it grows and keeps every one', async () => {
      log.start();
      await appendSome(store, 't', 2, 2);
      await waitFor(
        'a checkpoint of 4 leaves',
        async () => (await db.query<{ n: number }>('select count(*)::int as n from log_checkpoints where tree_size = 4')).rows[0].n > 0,
        30_000,
      );
      await appendSome(store, 'u', 1, 1);
      await waitFor(
        'a checkpoint of 5 leaves',
        async () => (await db.query<{ n: number }>('select count(*)::int as n from log_checkpoints where tree_size = 5')).rows[0].n > 0,
        30_000,
      );
      const { rows } = await db.query<{ tree_size: number }>('select tree_size from log_checkpoints order by id');
      expect(rows.map((row) => row.tree_size)).toEqual(expect.arrayContaining([4, 5]));
      expect(await log.audit()).toEqual({ consistent: true, treeSize: 5 });
      expect(log.auditStatus.state).toBe('consistent');
    });

    test('a rotated signing key keeps every checkpoint verifiable: the store-held key set publishes the retired key', async () => {
      // The key set the API uses with DATABASE_URL: public keys in this database, not in DATA_DIR.
      const ring = await SigningKeyRing.load({ dataDir: await mkdtemp(join(tmpdir(), 'cellpath-log-rotate-')), database: db });
      const rotating = await openLog(db, store, ring);
      await appendSome(store, 'r', 2, 2);
      await catchUp(rotating, db);
      const before = await rotating.checkpoint();
      const { retiredKeyId, keyId } = await ring.rotate();
      await appendSome(store, 'v', 1, 1);
      await catchUp(rotating, db);
      const after = await rotating.checkpoint();
      expect([before.keyId, after.keyId]).toEqual([retiredKeyId, keyId]);
      const jwks = await ring.jwks();
      expect(jwks.keys.map((key) => key.kid)).toEqual([keyId, retiredKeyId]);
      for (const checkpoint of [before, after]) expect(verifyCheckpoint(checkpoint, jwks)).toMatchObject({ valid: true });
      expect(await rotating.audit()).toEqual({ consistent: true, treeSize: 5 });
    });

    (setup.secondPool ? describe : describe.skip)('with a second connection pool', () => {
      test('two sequencers on two connections pools: exactly one leaf per event, in order, no gap', async () => {
        if (other === undefined) throw new Error('the setup promised a second pool');
        const otherStore = await SqlEventStore.open(other);
        const rival = await openLog(other, otherStore, keys);
        const writers = Promise.all([appendSome(store, 'a', 10, 10), appendSome(otherStore, 'b', 10, 10)]);
        let done = false;
        const race = async (l: TransparencyLog) => {
          while (!done) await l.sequence();
        };
        const racing = Promise.all([race(log), race(rival)]);
        await writers;
        await waitFor('200 leaves', async () => (await log.treeSize()) === 200, 30_000);
        done = true;
        await racing;
        await expectLeavesMatchEvents(db, store, 200);
      });

      test('an event committed late by an earlier transaction is never overtaken (visibility horizon)', async () => {
        if (other === undefined) throw new Error('the setup promised a second pool');
        const held = gate();
        const entered = gate();
        const heldStore = await SqlEventStore.open(other, {
          beforeCommit: async () => {
            entered.open();
            await held.opened;
          },
        });
        const slow = heldStore.append(`h-${randomUUID()}`, [anEvent('Slow')], { expectedRevision: 'no_stream' });
        await entered.opened;
        await store.append('fast', [anEvent('Fast')], { expectedRevision: 'no_stream' });
        expect((await log.sequence()).added).toBe(0);
        held.open();
        await slow;
        expect(await catchUp(log, db)).toBe(2);
        await expectLeavesMatchEvents(db, store, 2);
      });
    });
  });
}

/** Leaf i is the i-th event by position, every event has exactly one leaf, nothing else. */
export async function expectLeavesMatchEvents(db: Database, store: EventStore, count: number): Promise<void> {
  // readAll stops at the horizon, which another client of the server may hold back a while (see catchUp).
  let events = await store.readAll();
  await waitFor(`${count} events below the horizon`, async () => (events = await store.readAll()).length >= count, 30_000);
  const { rows } = await db.query<{ leaf_index: number; position: string; stream_id: string; revision: number }>(
    'select leaf_index, position, stream_id, revision from log_leaves order by leaf_index',
  );
  expect(events).toHaveLength(count);
  expect(rows.map((row) => row.leaf_index)).toEqual([...Array(count).keys()]);
  expect(rows.map((row) => `${row.stream_id}@${row.revision}@${row.position}`)).toEqual(
    events.map((e) => `${e.streamId}@${e.revision}@${e.position}`),
  );
  for (let i = 1; i < rows.length; i++) expect(comparePositions(rows[i - 1].position, rows[i].position)).toBeLessThan(0);
}
