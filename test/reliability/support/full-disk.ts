/**
 * A real full disk under the event store, without filling the machine's: a small tmpfs mounted
 * as a PostgreSQL tablespace, the `events` table and its indexes moved onto it, then the rest of
 * the space taken by a filler file. PostgreSQL then fails to extend the table with ENOSPC
 * (SQLSTATE 53100, disk_full) exactly as on a full data disk; WAL stays on the main disk, so
 * this is the common "data volume full" case, not a full WAL volume (which stops the server).
 * Needs root with CAP_SYS_ADMIN (mount) and a superuser database role (CREATE TABLESPACE).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const SIZE = '4m';

/** Why no tmpfs can be mounted here, or undefined when one can. */
export function mountUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = mkdtempSync('/tmp/cellpath-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmdirSync(dir);
  }
}

async function sql(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

async function moveEvents(url: string, tablespace: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select indexrelid::regclass::text as name from pg_index where indrelid = 'events'::regclass`,
    );
    await client.query(`alter table events set tablespace ${tablespace}`);
    for (const { name } of rows) await client.query(`alter index ${name} set tablespace ${tablespace}`);
  } finally {
    await client.end();
  }
}

export interface FullDisk {
  /** Takes every free byte of the tablespace's file system. */
  fill(): void;
  /** Gives the space back. */
  free(): void;
  /** Moves `events` back to the default tablespace, drops the tablespace, unmounts. */
  dispose(): Promise<void>;
}

/** Puts the `events` table of the database at `url` on its own small file system. */
export async function eventsOnSmallDisk(url: string): Promise<FullDisk> {
  const dir = mkdtempSync('/tmp/cellpath-full-disk-');
  const tablespace = `cellpath_full_${randomBytes(4).toString('hex')}`;
  const filler = join(dir, 'filler');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  execFileSync('chown', ['postgres:postgres', dir], { stdio: 'pipe' });
  await sql(url, [`create tablespace ${tablespace} location '${dir}'`]);
  await moveEvents(url, tablespace);
  const disk: FullDisk = {
    fill() {
      const fd = openSync(filler, 'a');
      try {
        for (const chunk of [Buffer.alloc(64 * 1024), Buffer.alloc(4096), Buffer.alloc(512)]) {
          try {
            for (;;) writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    async dispose() {
      disk.free();
      try {
        await moveEvents(url, 'pg_default');
        await sql(url, [`drop tablespace ${tablespace}`]);
      } finally {
        execFileSync('umount', ['--lazy', dir], { stdio: 'pipe' });
        rmdirSync(dir);
      }
    },
  };
  return disk;
}
