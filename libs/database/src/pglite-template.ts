import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const require = createRequire(import.meta.url);

/** node_modules/@electric-sql/pglite, found from its entry point (its package.json is not exported). */
function pgliteRoot(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const marker = `${sep}node_modules${sep}@electric-sql${sep}pglite${sep}`;
  return entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1);
}

/**
 * Creating a PGlite database (initdb in WASM) takes 5-15 s and ~750 MB; copying an empty, cleanly
 * closed one takes well under a second. `npm install` makes that empty database once (`prepare`),
 * in node_modules/.cache, so a first `npm start` copies it instead of running initdb.
 */
export function pgliteTemplateDir(): string {
  const root = pgliteRoot();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return join(dirname(dirname(root)), '.cache', 'cellpath', `pglite-${version}`);
}

const isDatabase = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

/** Makes the template if it is missing; safe when several processes race to make it. */
export async function ensurePGliteTemplate(template = pgliteTemplateDir()): Promise<string> {
  if (isDatabase(template)) return template;
  mkdirSync(dirname(template), { recursive: true });
  const building = mkdtempSync(`${template}-building-`);
  await (await PGlite.create(building)).close();
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

/** Seeds a new, empty data directory from the template when there is one; else PGlite runs initdb. */
export function seedFromTemplate(dataDir: string, template = pgliteTemplateDir()): boolean {
  if (!isDatabase(template) || (existsSync(dataDir) && readdirSync(dataDir).length > 0)) return false;
  cpSync(template, dataDir, { recursive: true });
  return true;
}
