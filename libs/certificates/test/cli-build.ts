import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY_POINTS = ['apps/cli/src/main.ts'];

/**
 * Compiles the `cellpath` CLI (and what it imports) into dist/ with the project's build settings,
 * so tests spawn the real compiled command without building the console.
 */
export function buildCliScripts(): void {
  const dir = mkdtempSync(join(tmpdir(), 'cellpath-cli-build-'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.build.json'),
      // Its own build info, so this partial build never stands in for the full build's.
      compilerOptions: { typeRoots: [join(REPO_ROOT, 'node_modules/@types')], tsBuildInfoFile: join(dir, 'cli.tsbuildinfo') },
      files: ENTRY_POINTS.map((entry) => join(REPO_ROOT, entry)),
      include: [],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], {
    encoding: 'utf8',
  });
  // Other libraries the CLIs import may be mid-edit; only errors in our own files stop the tests.
  const ours = tsc.stdout.split('\n').filter((line) => /libs\/certificates|apps\/cli/.test(line));
  if (ours.length > 0 || tsc.error) throw new Error(`building the CLIs failed:\n${ours.join('\n') || tsc.error}`);
}

export function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // The CLIs work on the embedded store unless a test says otherwise: the DATABASE_URL the test
    // run was given is an admin database that must not receive a key set.
    env: { ...process.env, CERT_SIGNING_KEY: '', DATABASE_URL: '', ...env },
  });
}
