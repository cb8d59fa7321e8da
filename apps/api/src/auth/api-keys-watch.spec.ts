import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '#libs/config';
import { createLogger } from '#libs/logging';
import { API_KEYS_FILE_POLL_MS, ApiKeysFileWatcher } from './api-keys-watch.js';
import { ApiKeyRing } from './api-keys.js';

describe('ApiKeysFileWatcher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cellpath-keys-watch-'));
  const path = join(dir, 'keys.json');
  const lines: { level: number; msg: string }[] = [];
  const log = createLogger('info', { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const kim = { name: 'Kim Min-jun', roles: ['operator'], secret: 'kim-min-jun-secret' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a bad file at start is a ConfigError: the server does not start', async () => {
    writeFileSync(path, JSON.stringify([{ ...kim, roles: ['boss'] }]));
    await expect(new ApiKeysFileWatcher(path, new ApiKeyRing([]), log, false).start()).rejects.toThrow(ConfigError);
  });

  test('an invalid edit is logged as an error once and leaves the last good set; a missing file too', async () => {
    writeFileSync(path, JSON.stringify([kim]));
    const ring = new ApiKeyRing([]);
    const watcher = new ApiKeysFileWatcher(path, ring, log, false);
    await watcher.start();
    try {
      expect(ring.authenticate(kim.secret)?.actor.name).toBe('Kim Min-jun');
      lines.length = 0;
      writeFileSync(path, JSON.stringify([{ ...kim, roles: ['operater'] }]));
      await sleep(3 * API_KEYS_FILE_POLL_MS + 200);
      const errors = lines.filter((line) => line.level === 50);
      expect(errors.map((line) => line.msg)).toEqual([
        'API_KEYS_FILE entry 1 ("Kim Min-jun"), field roles.0: is not a role ("operater"): keeping the last good set of keys',
      ]);
      expect(JSON.stringify(lines)).not.toContain(kim.secret);
      expect(ring.authenticate(kim.secret)?.actor.name).toBe('Kim Min-jun');

      rmSync(path);
      await sleep(API_KEYS_FILE_POLL_MS + 200);
      expect(lines.filter((line) => line.level === 50).at(-1)?.msg).toBe(
        'API_KEYS_FILE cannot be read (ENOENT): keeping the last good set of keys',
      );
      expect(ring.authenticate(kim.secret)).toBeDefined();

      writeFileSync(path, '[]');
      await sleep(API_KEYS_FILE_POLL_MS + 200);
      expect(ring.authenticate(kim.secret)).toBeUndefined();
      expect(lines.at(-1)).toMatchObject({ level: 30, msg: 'API_KEYS_FILE re-read: its keys are in force', keys: 0 });
    } finally {
      await watcher.stop();
    }
  }, 20_000);
});
