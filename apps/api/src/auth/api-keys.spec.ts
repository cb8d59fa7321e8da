import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '#libs/config';
import { ApiKeyRing, loadOrCreateAdminKey, parseApiKeys } from './api-keys.js';

describe('API keys', () => {
  test('parses roles joined with + and authenticates by secret', () => {
    const ring = new ApiKeyRing(parseApiKeys('admin:s1,operator+evaluator:s2, certifier:s3'));
    expect(ring.authenticate('s2')).toEqual({ keyId: expect.stringMatching(/^key-/), roles: ['operator', 'evaluator'] });
    expect(ring.authenticate('s3')?.roles).toEqual(['certifier']);
    expect(ring.authenticate('s4')).toBeUndefined();
    expect(ring.authenticate('')).toBeUndefined();
  });

  test('the key id is stable, distinct per secret and does not contain the secret', () => {
    const [a] = parseApiKeys('admin:correct-horse');
    const [again] = parseApiKeys('operator:correct-horse');
    const [b] = parseApiKeys('admin:battery-staple');
    expect(a!.keyId).toBe(again!.keyId);
    expect(a!.keyId).not.toBe(b!.keyId);
    expect(a!.keyId).not.toContain('horse');
  });

  test.each(['', 'admin', ':secret', 'root:s1', 'admin:s1,operator:s1', 'admin:x'])('refuses %j', (spec) => {
    expect(() => parseApiKeys(spec)).toThrow(ConfigError);
  });

  test('without API_KEYS an admin key is generated once, owner-readable only, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellpath-keys-'));
    const first = loadOrCreateAdminKey(dir);
    expect(first.created).toBe(true);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path, 'utf8').trim()).toBe(first.spec);
    const second = loadOrCreateAdminKey(dir);
    expect(second).toMatchObject({ created: false, spec: first.spec });
    const [key] = parseApiKeys(first.spec);
    expect(key!.roles).toEqual(['admin']);
  });
});
