import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsoleFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Vite names built assets by content hash, so they never change under their name. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The repository root (where package.json is), from both the compiled module and its TypeScript source. */
function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('package.json not found above the console module');
    directory = parent;
  }
  return directory;
}

export const CONSOLE_DIST = join(packageRoot(), 'dist', 'console');

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * The built console, read once into memory: a closed set of known paths (so no request path
 * ever reaches the file system) and only file types the browser needs. Empty when the console
 * was not built.
 */
export function loadConsoleFiles(root = CONSOLE_DIST): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  if (!existsSync(root)) return files;
  for (const path of walk(root)) {
    const contentType = TYPES[extname(path)];
    if (!contentType) continue;
    const body = readFileSync(path);
    const name = relative(root, path).split(sep).join('/');
    files.set(name, {
      body,
      contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: name.startsWith('assets/'),
    });
  }
  return files;
}
