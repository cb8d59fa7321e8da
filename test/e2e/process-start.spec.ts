import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, startApiProcess } from '../support/api-process.js';

const run = (env: Record<string, string>, args: string[] = []) =>
  spawnSync(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });

describe('starting the API process (compiled, as npm start runs it)', () => {
  test.each<[Record<string, string>, string[], RegExp]>([
    [{ DATABASE_URL: 'mysql://db/x' }, [], /^cellpath: configuration error: DATABASE_URL must use postgres/],
    [{ CELLPATH_TYPO: '1' }, [], /^cellpath: configuration error: unknown option CELLPATH_TYPO/],
    [{ NODE_ENV: 'production' }, [], /^cellpath: configuration error: API_KEYS or API_KEYS_FILE is required/],
    [{}, ['--verbose'], /^cellpath: configuration error: unknown option --verbose/],
    // Checked before the database is opened: this one is unreachable, and never tried.
    [
      { NODE_ENV: 'production', API_KEYS: 'admin:fifteen-chars-x', DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' },
      [],
      /^cellpath: configuration error: API_KEYS entry 1: the secret must have at least 16 characters when NODE_ENV=production$/m,
    ],
    [
      { NODE_ENV: 'production', API_KEYS: 'admin:long-enough-secret-one,auditor:long-enough secret-two' },
      [],
      /^cellpath: configuration error: API_KEYS entry 2: the secret must be visible ASCII, without whitespace$/m,
    ],
  ])('%j %j stops with exit 1 and one clear line', (env, args, message) => {
    const result = run({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cellpath-start-')), ...env }, args);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    for (const secret of (env.API_KEYS ?? '')
      .split(',')
      .map((entry) => entry.split(':')[1]!)
      .filter(Boolean))
      expect(result.stderr).not.toContain(secret);
  });

  test('an invalid API_KEYS_FILE stops the start before the database, naming the entry and the field, never a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellpath-start-'));
    const keysFile = join(dir, 'keys.json');
    const keys = [
      { name: 'Kim Min-jun', roles: ['operator'], secret: 'kim-min-jun-secret' },
      { name: 'cycler-3', roles: ['evaluater'], secret: 'cycler-3-secret-x' },
    ];
    writeFileSync(keysFile, JSON.stringify(keys));
    const env = { DATA_DIR: dir, API_KEYS_FILE: keysFile, DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' };
    const result = run(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'cellpath: configuration error: API_KEYS_FILE entry 2 ("cycler-3"), field roles.0: is not a role ("evaluater")\n',
    );
    writeFileSync(keysFile, '[]');
    expect(run(env).stderr).toMatch(/^cellpath: configuration error: API_KEYS_FILE lists no keys and API_KEYS is unset/);
    expect(run({ ...env, API_KEYS_FILE: join(dir, 'missing.json') }).stderr).toMatch(
      /API_KEYS_FILE .*missing.json cannot be read \(ENOENT\)/,
    );
  });

  test('an unreachable DATABASE_URL stops the start with exit 1', () => {
    const result = run({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cellpath-start-')), DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^cellpath: failed to start: /);
  });

  test('with no API_KEYS outside production it mints an admin key in DATA_DIR, says where, and serves with it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cellpath-start-'));
    const api = await startApiProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      const keyFile = join(dataDir, 'admin-api-key');
      expect(api.output()).toContain(keyFile);
      const secret = readFileSync(keyFile, 'utf8')
        .trim()
        .replace(/^admin:/, '');
      expect(api.output()).not.toContain(secret);
      const health = await fetch(`${api.baseUrl}/health`);
      expect(health.status).toBe(200);
      expect((await fetch(`${api.baseUrl}/api/v1/sites/S-1`)).status).toBe(401);
      expect((await fetch(`${api.baseUrl}/api/v1/sites/S-1`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(404);
      const lines = api
        .output()
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request completed');
      expect(requestLines.length).toBeGreaterThanOrEqual(3);
      expect(requestLines[0]).toMatchObject({
        method: 'GET',
        statusCode: 200,
        responseTimeMs: expect.any(Number),
        requestId: expect.any(String),
      });
    } finally {
      await api.kill('SIGTERM');
    }
  }, 90_000);
});
