import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { createFileExclusive } from '#libs/files';
import { hasProcfs, probeable, stillRunning, thisProcess, type ProcessIdentity } from './process-identity.js';

/** What a lock file holds (JSON): the holder, and a nonce that makes every holding's content unique. */
export interface LockHolder extends ProcessIdentity {
  since: string;
  command: string;
  nonce: string;
}

/** The directory is held by a live process: one line naming it, for the refusing process to print. */
export class DirectoryLocked extends Error {
  override readonly name = 'DirectoryLocked';
  constructor(
    readonly directory: string,
    /** Undefined when the lock file is unreadable (yet its heartbeat moves). */
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `process ${holder.pid} (${holder.command}, on ${holder.host} since ${holder.since})`
      : `a process whose lock file ${directory}.lock is unreadable`;
    super(`${directory} is in use by ${who}: only one process at a time may open it; stop that one first`);
  }
}

export interface DirectoryLock {
  /** The lock file: `<directory>.lock`. */
  readonly path: string;
  /** Stops the heartbeat and removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** A holder in another pid namespace or on another host is gone once its heartbeat is this old. */
  staleAfterMs?: number;
  heartbeatMs?: number;
}

/** A takeover takes a few file operations; its file, untouched for this long, was left by a crash. */
const TAKEOVER_STALE_MS = 2_000;

/** Lock files this process holds, with their content: removed on any exit short of SIGKILL. */
const held = new Map<string, string>();
process.on('exit', () => {
  for (const [path, content] of held) {
    try {
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // already gone
    }
  }
});

/**
 * Runs on its own thread, so a main thread busy for seconds (a long PGlite query runs on it)
 * never looks like a dead holder to a process in another container.
 */
const HEARTBEAT = `
const { workerData } = require('node:worker_threads');
const { utimesSync } = require('node:fs');
setInterval(() => {
  try {
    const now = new Date();
    utimesSync(workerData.path, now, now);
  } catch {}
}, workerData.heartbeatMs);
`;

const ifPresent = <T>(promise: Promise<T>): Promise<T | undefined> =>
  promise.catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });

const mtimeOf = async (path: string) => (await ifPresent(stat(path)))?.mtimeMs;

function parseHolder(content: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(content) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For a holder whose pid cannot be checked from here (another pid namespace, host or boot), or an
 * unreadable lock file: alive while its heartbeat moves the file's mtime. A file untouched for
 * `staleAfterMs` is stale at once; a fresher one is watched until it moves or reaches that age.
 */
async function heartbeatAlive(path: string, staleAfterMs: number): Promise<boolean> {
  const first = await mtimeOf(path);
  if (first === undefined || Date.now() - first > staleAfterMs) return false;
  const deadline = Date.now() + staleAfterMs;
  while (Date.now() < deadline) {
    await sleep(Math.min(250, staleAfterMs / 4));
    const now = await mtimeOf(path);
    if (now !== first) return now !== undefined;
  }
  return false;
}

/** Whether the holder recorded in `content` (the file at `path`) still runs. */
async function holderAlive(path: string, content: string, staleAfterMs: number): Promise<boolean> {
  const holder = parseHolder(content);
  if (holder !== undefined && probeable(holder, thisProcess())) return stillRunning(holder, hasProcfs());
  return heartbeatAlive(path, staleAfterMs);
}

/** Removes `path` if it still holds `content`: its owner releasing it, or a stale one under the takeover lock, so nobody else removes it in between. */
async function removeIfUnchanged(path: string, content: string): Promise<void> {
  if ((await ifPresent(readFile(path, 'utf8'))) === content) await ifPresent(unlink(path));
}

/**
 * Removes the stale lock we judged, and nothing else. Two processes removing one stale lock
 * could otherwise delete the fresh lock the faster one just created, and both would go on; so
 * removal happens only under a second lock file, `<lock>.takeover`, held for a few file
 * operations. A takeover file whose creator died in that window is removed once judged stale
 * the same way (only a second crash inside that clean-up could still let two processes in).
 */
async function takeOver(path: string, stale: string, mine: string): Promise<void> {
  const guard = `${path}.takeover`;
  if (await createFileExclusive(guard, mine, 0o644)) {
    try {
      await removeIfUnchanged(path, stale);
    } finally {
      await unlink(guard);
    }
    return;
  }
  const other = await ifPresent(readFile(guard, 'utf8'));
  if (other === undefined) return;
  if (await holderAlive(guard, other, TAKEOVER_STALE_MS)) await sleep(20);
  else await removeIfUnchanged(guard, other);
}

function hold(path: string, content: string, heartbeatMs: number): DirectoryLock {
  held.set(path, content);
  const heartbeat = new Worker(HEARTBEAT, { eval: true, workerData: { path, heartbeatMs } });
  heartbeat.unref();
  let released: Promise<void> | undefined;
  return {
    path,
    release() {
      released ??= (async () => {
        await heartbeat.terminate();
        held.delete(path);
        await removeIfUnchanged(path, content);
      })();
      return released;
    },
  };
}

/**
 * Takes the exclusive lock on `directory` (the file `<directory>.lock`), or throws
 * `DirectoryLocked` naming the live holder. A lock left by a process that died (SIGKILL, power
 * loss) is taken over: on the same host and pid namespace at once (the pid is gone, or now belongs
 * to a process started at another time); from another container or host once its heartbeat stops.
 */
export async function lockDirectory(
  directory: string,
  { staleAfterMs = 10_000, heartbeatMs = 1_000 }: LockOptions = {},
): Promise<DirectoryLock> {
  const path = `${resolve(directory)}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const mine: LockHolder = {
    ...thisProcess(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').replace(/\s+/g, ' ').slice(0, 200),
    nonce: randomBytes(8).toString('hex'),
  };
  const content = `${JSON.stringify(mine, null, 2)}\n`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await createFileExclusive(path, content, 0o644)) return hold(path, content, heartbeatMs);
    const found = await ifPresent(readFile(path, 'utf8'));
    if (found === undefined) continue;
    if (await holderAlive(path, found, staleAfterMs)) throw new DirectoryLocked(resolve(directory), parseHolder(found));
    await takeOver(path, found, content);
  }
  throw new Error(`${path}: could not take the lock, other processes keep taking it`);
}
