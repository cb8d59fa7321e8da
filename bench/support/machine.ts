import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

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

/** `postgres`: the server's version, when the run measures PostgreSQL. */
export function describeMachine(postgres: string | null): Machine {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    pglite: packageVersion('@electric-sql/pglite'),
    loadAverage: loadavg()[0]!,
  };
}
