/**
 * Which failures the API answers with 503 + Retry-After (apps/api/src/http/store-unavailable.ts),
 * classified from errors the real drivers raise, not hand-made ones: a server that is not there,
 * a statement cancelled by statement_timeout, a session ended by the administrator, a deadlock.
 */
import { readFile } from 'node:fs/promises';
import { CancelledError } from '@kurrent/kurrentdb-client';
import pg from 'pg';
import { openPostgres } from '#libs/database';
import { KurrentDbEventStore } from '#libs/event-store';
import { classifyStoreOutage, storeUnavailable } from '../../apps/api/src/http/store-unavailable.js';
import { translateDomainError } from '../../apps/api/src/http/domain-errors.js';
import { gate } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { notLeaderAnswer } from '../../libs/event-store/test/kurrentdb-answers.js';
import { freePort } from '../support/processes.js';

const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => Promise.reject(new Error('expected a failure')),
    (error: unknown) => error,
  );

describe('store outages without a server', () => {
  test('PostgreSQL not listening: refused at once, classified unreachable, answered 503 with Retry-After', async () => {
    const started = Date.now();
    const error = await failureOf(openPostgres(`postgres://cellpath:cellpath@localhost:${await freePort()}/cellpath`));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(classifyStoreOutage(error)).toBe('unreachable');
    const problem = translateDomainError(error)!;
    expect({ status: problem.status, headers: problem.headers, body: problem.toProblem() }).toEqual({
      status: 503,
      headers: { 'retry-after': '1' },
      body: expect.objectContaining({ type: 'https://cellpath.dev/problems/store-unavailable', status: 503, outage: 'unreachable' }),
    });
  });

  test('KurrentDB not listening: the client unavailable error is an outage too', async () => {
    const store = KurrentDbEventStore.connect(`kurrentdb://127.0.0.1:${await freePort()}?tls=false`);
    try {
      expect(classifyStoreOutage(await failureOf(store.headPosition()))).toBe('unreachable');
    } finally {
      await store.close();
    }
  });

  test("KurrentDB after a leader change: a follower's not-leader answer and a cancelled call are outages", () => {
    expect(classifyStoreOutage(notLeaderAnswer())).toBe('unreachable');
    expect(classifyStoreOutage(new CancelledError(undefined, 'cancelled by the server'))).toBe('unreachable');
  });

  test('errors that are not outages stay what they were (a 500, or a domain answer)', async () => {
    const missingFile = await failureOf(readFile('/nonexistent/cellpath'));
    for (const error of [missingFile, new TypeError('x is undefined'), new Error('connection refused by policy'), null, 'ECONNREFUSED']) {
      expect(storeUnavailable(error)).toBeUndefined();
    }
  });
});

const skip = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is unset';
if (skip) console.warn(`SKIPPED store outages raised by PostgreSQL: ${skip}`);

(skip ? describe.skip : describe)(`store outages raised by PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let url: string;
  let stopTarget = async () => {};
  beforeAll(async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    url = target.url;
    stopTarget = target.stop;
  });
  afterAll(() => stopTarget());

  test("openPostgres's statementTimeoutMs cancels a long statement: classified timeout", async () => {
    const db = await openPostgres(url, { statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      const error = await failureOf(db.query('select pg_sleep(5)'));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect({ code: (error as { code: string }).code, outage: classifyStoreOutage(error) }).toEqual({ code: '57014', outage: 'timeout' });
    } finally {
      await db.close();
    }
  });

  test("openPostgres's connectionTimeoutMs bounds the wait for a pooled connection: classified timeout", async () => {
    const db = await openPostgres(url, { max: 1, connectionTimeoutMs: 200 });
    const release = gate();
    const holding = db.transaction(() => release.opened);
    try {
      const started = Date.now();
      const error = await failureOf(db.query('select 1'));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(classifyStoreOutage(error)).toBe('timeout');
    } finally {
      release.open();
      await holding;
      await db.close();
    }
  });

  test('a session terminated by the administrator (as a fast shutdown does): unreachable; the pool then reconnects', async () => {
    const db = await openPostgres(url, { max: 1 });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const error = await failureOf(
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await tx.query('select 1');
        }),
      );
      expect(classifyStoreOutage(error)).toBe('unreachable');
      expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await db.close();
    }
  });

  test('a deadlock: contention; a unique violation or a syntax error: not an outage', async () => {
    const db = await openPostgres(url, { max: 2 });
    try {
      await db.exec('create table outage_probe (id int primary key, n int); insert into outage_probe values (1, 0), (2, 0);');
      // Each transaction locks its own row, then, once both hold one, asks for the other's.
      const holding = [gate(), gate()];
      const crossing = (index: number, mine: number, theirs: number) =>
        db.transaction(async (tx) => {
          await tx.query('update outage_probe set n = n + 1 where id = $1', [mine]);
          holding[index]!.open();
          await Promise.all(holding.map(({ opened }) => opened));
          await tx.query('update outage_probe set n = n + 1 where id = $1', [theirs]);
        });
      const results = await Promise.allSettled([crossing(0, 1, 2), crossing(1, 2, 1)]);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      expect(failures.map((error) => [(error as { code: string }).code, classifyStoreOutage(error)])).toEqual([['40P01', 'contention']]);

      const duplicate = await failureOf(db.query('insert into outage_probe values (1, 0)'));
      const syntax = await failureOf(db.query('selec 1'));
      expect([classifyStoreOutage(duplicate), classifyStoreOutage(syntax)]).toEqual([undefined, undefined]);
    } finally {
      await db.close();
    }
  });
});
