import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a lock, in enough detail to tell later whether that process still runs: a pid alone
 * is not enough, since pids are reused (a restarted container's process often gets the pid its
 * predecessor had).
 */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (`/proc/<pid>/stat`, field 22); null without procfs. */
  startTicks: string | null;
  host: string;
  /** The kernel boot and pid namespace the pid belongs to; null without procfs. */
  bootId: string | null;
  pidNamespace: string | null;
}

const readOrNull = (read: () => string) => {
  try {
    return read().trim();
  } catch {
    return null;
  }
};

export const hasProcfs = (): boolean => readOrNull(() => readFileSync('/proc/self/stat', 'utf8')) !== null;

interface ProcStat {
  /** R, S, D… ; Z (zombie) and X (dead) no longer run. */
  state: string;
  startTicks: string;
}

/** Parses `/proc/<pid>/stat`; the command name (field 2) may hold spaces and parentheses, so fields are counted from its closing one. */
export function procStat(pid: number): ProcStat | undefined {
  const text = readOrNull(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (text === null) return undefined;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, startTicks: fields[19]! };
}

export function thisProcess(): ProcessIdentity {
  return {
    pid: process.pid,
    startTicks: procStat(process.pid)?.startTicks ?? null,
    host: hostname(),
    bootId: readOrNull(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
    pidNamespace: readOrNull(() => readlinkSync('/proc/self/ns/pid')),
  };
}

/** True when `other`'s pid means the same process here: same host, same boot, same pid namespace. */
export function probeable(other: ProcessIdentity, self: ProcessIdentity): boolean {
  return other.host === self.host && other.bootId === self.bootId && other.pidNamespace === self.pidNamespace;
}

/**
 * Whether the process `other` names still runs; only meaningful when `probeable`. With procfs the
 * start time must match too, so a pid reused by an unrelated process counts as gone. Without
 * procfs (macOS) an existing pid counts as running: a reused pid then keeps the lock until the
 * operator removes the file, the safe side of the choice.
 */
export function stillRunning(other: ProcessIdentity, withProcfs: boolean): boolean {
  if (withProcfs) {
    const stat = procStat(other.pid);
    if (stat === undefined || stat.state === 'Z' || stat.state === 'X') return false;
    return other.startTicks === null || other.startTicks === stat.startTicks;
  }
  try {
    process.kill(other.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
