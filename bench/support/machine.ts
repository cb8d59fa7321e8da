import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string | null;
  pglite: string;
  /** 1-minute load average when the run started: the machine may be shared. */
  loadAverage: number;
}

/** Read from the installed manifest: the package's exports do not include its package.json. */
export function packageVersion(name: string): string {
  const entry = createRequire(import.meta.url).resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length);
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

async function postgresVersion(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function describeMachine(adminUrl: string | null): Promise<Machine> {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: adminUrl === null ? null : await postgresVersion(adminUrl),
    pglite: packageVersion('@electric-sql/pglite'),
    loadAverage: loadavg()[0]!,
  };
}
