import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DirectoryLocked, lockDirectory, type LockHolder } from './directory-lock.js';
import { procStat, thisProcess } from './process-identity.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cellpath-lock-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

/** A real process of its own, idle until killed. */
async function idleProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return child;
}

/** The lock file a process would leave, as if `overrides` had taken the lock. */
function lockFileOf(directory: string, overrides: Partial<LockHolder>): string {
  const holder: LockHolder = { ...thisProcess(), since: '2026-01-01T00:00:00.000Z', command: 'someone else', nonce: 'n', ...overrides };
  const path = `${directory}.lock`;
  writeFileSync(path, JSON.stringify(holder));
  return path;
}

async function refusal(directory: string, options = {}): Promise<DirectoryLocked> {
  const error = await lockDirectory(directory, options).then(
    (lock) => lock.release().then(() => undefined),
    (caught: unknown) => caught,
  );
  if (!(error instanceof DirectoryLocked)) throw new Error(`expected DirectoryLocked, got ${String(error)}`);
  return error;
}

describe('lockDirectory', () => {
  test('a held directory is refused, naming the holder; once released it can be taken again', async () => {
    const directory = join(root, 'pglite');
    const lock = await lockDirectory(directory);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    const refused = await refusal(directory);
    expect(refused.holder?.pid).toBe(process.pid);
    expect(refused.message).toMatch(new RegExp(`^${directory} is in use by process ${process.pid} \\(`));
    expect(refused.message).not.toContain('\n');
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
    await (await lockDirectory(directory)).release();
  });

  test('a lock naming a live process is refused; once that process is SIGKILLed it is taken over at once', async () => {
    const directory = join(root, 'pglite');
    const holder = await idleProcess();
    lockFileOf(directory, { pid: holder.pid!, startTicks: procStat(holder.pid!)!.startTicks });
    expect((await refusal(directory)).holder?.pid).toBe(holder.pid);
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const started = Date.now();
    const lock = await lockDirectory(directory);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  test('a lock whose pid now belongs to a process started at another time (a reused pid) is taken over', async () => {
    const directory = join(root, 'pglite');
    const unrelated = await idleProcess();
    lockFileOf(directory, { pid: unrelated.pid!, startTicks: '1' });
    const lock = await lockDirectory(directory);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  test('a holder in another pid namespace counts as alive while its heartbeat moves, and as gone once it stops', async () => {
    const directory = join(root, 'pglite');
    const path = lockFileOf(directory, { pid: 1, pidNamespace: 'pid:[1]' });
    const beating = setInterval(() => utimesSync(path, new Date(), new Date()), 50);
    try {
      expect((await refusal(directory, { staleAfterMs: 1_000 })).holder?.pid).toBe(1);
    } finally {
      clearInterval(beating);
    }
    const started = Date.now();
    const lock = await lockDirectory(directory, { staleAfterMs: 600 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    await lock.release();

    lockFileOf(directory, { pid: 1, host: 'another-host' });
    const long = new Date(Date.now() - 60_000);
    utimesSync(path, long, long);
    const atOnce = Date.now();
    await (await lockDirectory(directory, { staleAfterMs: 10_000 })).release();
    expect(Date.now() - atOnce).toBeLessThan(1_000);
  });

  test("the holder's heartbeat moves the lock file's mtime", async () => {
    const lock = await lockDirectory(join(root, 'pglite'), { heartbeatMs: 50 });
    const before = statSync(lock.path).mtimeMs;
    const deadline = Date.now() + 5_000;
    while (statSync(lock.path).mtimeMs === before && Date.now() < deadline) await sleep(50);
    expect(statSync(lock.path).mtimeMs).toBeGreaterThan(before);
    await lock.release();
  });

  test('eight processes-to-be racing to take over one stale lock: exactly one gets it', async () => {
    const directory = join(root, 'pglite');
    const gone = await idleProcess();
    gone.kill('SIGKILL');
    await once(gone, 'exit');
    lockFileOf(directory, { pid: gone.pid!, startTicks: null });
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => lockDirectory(directory)));
    const winners = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof DirectoryLocked)).toHaveLength(7);
    await winners[0]!.release();
  });
});
