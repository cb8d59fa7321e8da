import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensurePGliteTemplate, openPGlite, openPostgres, type Database } from '#libs/database';
import type { StoreKind } from './options.js';

/** The application's pool size (openPostgres' default): baselines get the same number of connections. */
export const POOL_SIZE = 10;

/** Clean-ups of scratch databases and directories not yet released, for an interrupted run. */
const pending = new Set<() => Promise<void>>();

function tracked(cleanUp: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    pending.delete(once);
    await cleanUp();
  };
  pending.add(once);
  return once;
}

/** Drops every scratch database and directory still there (Ctrl-C, a failed run). */
export async function releaseAllScratch(): Promise<void> {
  await Promise.allSettled([...pending].map((cleanUp) => cleanUp()));
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchPostgres {
  url: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database on the admin URL's server, dropped (even with open sessions) by `drop`. */
export async function scratchPostgres(adminUrl: string): Promise<ScratchPostgres> {
  const name = `cellpath_bench_${randomBytes(6).toString('hex')}`;
  await asAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: tracked(() => asAdmin(adminUrl, `drop database if exists ${name} with (force)`)) };
}

export interface ScratchDirectory {
  path: string;
  remove(): Promise<void>;
}

export function scratchDirectory(): ScratchDirectory {
  const path = mkdtempSync(join(tmpdir(), 'cellpath-bench-'));
  return { path, remove: tracked(async () => rmSync(path, { recursive: true, force: true })) };
}

/** A fresh copy of the empty PGlite database at `path`. */
export async function copyEmptyPGlite(path: string): Promise<void> {
  cpSync(await ensurePGliteTemplate(), path, { recursive: true });
}

export interface ScratchDatabase {
  kind: StoreKind;
  database: Database;
  /** Set on PostgreSQL, for clients other than `database` (Emmett, the raw baseline's own pool). */
  url?: string;
  close(): Promise<void>;
}

/**
 * An empty database of the kind asked, as the API would open it: PostgreSQL with the API's pool,
 * or PGlite on disk (the embedded store's durability) in a temporary directory.
 */
export async function scratchDatabase(kind: StoreKind, adminUrl: string): Promise<ScratchDatabase> {
  if (kind === 'postgres') {
    const scratch = await scratchPostgres(adminUrl);
    const database = await openPostgres(scratch.url, { max: POOL_SIZE });
    return {
      kind,
      database,
      url: scratch.url,
      async close() {
        await database.close();
        await scratch.drop();
      },
    };
  }
  const directory = scratchDirectory();
  // A subdirectory, so the database's lock file (`<dir>.lock`) is removed with the scratch directory.
  const path = join(directory.path, 'pglite');
  await copyEmptyPGlite(path);
  const database = await openPGlite(path);
  return {
    kind,
    database,
    async close() {
      await database.close();
      await directory.remove();
    },
  };
}
