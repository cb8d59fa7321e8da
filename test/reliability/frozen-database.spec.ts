/**
 * A PostgreSQL server that stops answering (frozen, or cut off without a reset), played by a TCP
 * relay that holds every byte without closing anything. The server's statement_timeout cannot
 * fire there; the client's query timeout must: the statement fails as an outage (503), its
 * connection is closed rather than reused, and the pool works again once the server answers.
 */
import { randomUUID } from 'node:crypto';
import { QueryTimeout, openPostgres, type Database } from '#libs/database';
import { SqlEventStore } from '#libs/event-store';
import { translateDomainError } from '../../apps/api/src/http/domain-errors.js';
import { waitFor } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { relayPostgres, type CuttableProxy } from './support/cuttable-proxy.js';

const QUERY_TIMEOUT_MS = 500;
const metadata = { occurredAt: '2025-03-01T09:30:00.000Z', schemaVersion: 1 };

const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => Promise.reject(new Error('expected a failure')),
    (error: unknown) => error,
  );

const skip = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is unset';
if (skip) console.warn(`SKIPPED frozen database: ${skip}`);

(skip ? describe.skip : describe)(`a frozen PostgreSQL behind a TCP relay${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let direct: Database;
  let proxy: CuttableProxy;
  let relayedUrl: string;
  let stopTarget = async () => {};

  beforeAll(async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    stopTarget = target.stop;
    direct = await openPostgres(target.url, { max: 2 });
    ({ proxy, url: relayedUrl } = await relayPostgres(target.url));
  });
  afterEach(() => proxy.thaw());
  afterAll(async () => {
    await proxy?.close();
    await direct?.close();
    await stopTarget();
  });

  const backendPid = async (db: Database) => (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const sessionEnded = (pid: number) =>
    waitFor(
      `session ${pid} to end`,
      async () => (await direct.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount === 0,
    );

  function expect503(error: unknown): void {
    const problem = translateDomainError(error);
    expect({ status: problem?.status, headers: problem?.headers, outage: problem?.toProblem().outage }).toEqual({
      status: 503,
      headers: { 'retry-after': '1' },
      outage: 'timeout',
    });
  }

  test('a statement left unanswered fails with QueryTimeout after queryTimeoutMs (503 + Retry-After); its connection is closed, not reused', async () => {
    const db = await openPostgres(relayedUrl, { max: 1, queryTimeoutMs: QUERY_TIMEOUT_MS });
    try {
      const before = await backendPid(db);
      proxy.freeze();
      const started = Date.now();
      const error = await failureOf(db.query('select 1'));
      const elapsedMs = Date.now() - started;
      expect(error).toBeInstanceOf(QueryTimeout);
      expect(elapsedMs).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 20);
      expect(elapsedMs).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
      expect503(error);

      proxy.thaw();
      expect(await backendPid(db)).not.toBe(before);
      await sessionEnded(before);
    } finally {
      await db.close();
    }
  });

  test('a transaction whose statement goes unanswered fails after one timeout (no ROLLBACK queued behind it); the server rolls it back', async () => {
    await direct.exec('create table frozen_tx (id int primary key)');
    const db = await openPostgres(relayedUrl, { max: 1, queryTimeoutMs: QUERY_TIMEOUT_MS });
    try {
      let pid = 0;
      let frozenAt = 0;
      const error = await failureOf(
        db.transaction(async (tx) => {
          pid = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
          await tx.query('insert into frozen_tx values (1)');
          proxy.freeze();
          frozenAt = Date.now();
          await tx.query('insert into frozen_tx values (2)');
        }),
      );
      const elapsedMs = Date.now() - frozenAt;
      expect(error).toBeInstanceOf(QueryTimeout);
      // A ROLLBACK sent on that connection would have waited for a second timeout.
      expect(elapsedMs).toBeLessThan(QUERY_TIMEOUT_MS * 1.8);
      expect503(error);

      proxy.thaw();
      await sessionEnded(pid);
      expect((await direct.query('select id from frozen_tx')).rows).toEqual([]);
      expect(await backendPid(db)).not.toBe(pid);
    } finally {
      await db.close();
    }
  });

  test('group commit with answers frozen: INSERTs the server committed unheard are outages for every append in them (503), never retried, stored once', async () => {
    const db = await openPostgres(relayedUrl, { max: 10, queryTimeoutMs: QUERY_TIMEOUT_MS });
    const store = await SqlEventStore.open(db);
    try {
      // Ten open connections: 8 INSERTs go out at once, the appends behind them as one merged INSERT.
      await Promise.all(Array.from({ length: 10 }, () => db.query('select pg_sleep(0.1)')));
      const prefix = `frozen-${randomUUID().slice(0, 8)}-`;
      proxy.freeze('answers');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          store.append(`${prefix}${i}`, [{ type: 'E', data: { i }, metadata }], { expectedRevision: 'no_stream' }),
        ),
      );
      proxy.thaw();

      const reasons = outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as unknown) : 'acknowledged'));
      expect(reasons.filter((reason) => !(reason instanceof QueryTimeout))).toEqual([]);
      reasons.forEach(expect503);

      const reader = await SqlEventStore.open(direct);
      const stored = await reader.readAll({ filter: { streamPrefix: prefix } });
      // The relay passed every statement on: each append is in the store once, none twice.
      expect(stored.map((event) => event.data.i).sort((a, b) => Number(a) - Number(b))).toEqual([...Array(30).keys()]);
      const transactions = new Set(stored.map((event) => BigInt(event.position) / 1_000_000n));
      expect(transactions.size).toBeLessThan(30);

      // The store serves again: a stream it could not confirm is found written.
      await expect(
        store.append(`${prefix}0`, [{ type: 'E', data: {}, metadata }], { expectedRevision: 'no_stream' }),
      ).rejects.toMatchObject({ name: 'WrongExpectedRevision' });
      expect((await store.append(`${prefix}0`, [{ type: 'E', data: {}, metadata }], { expectedRevision: 0 })).revision).toBe(1);
    } finally {
      await store.close();
      await db.close();
    }
  });
});
