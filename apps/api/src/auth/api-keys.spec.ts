import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '#libs/config';
import { ApiKeyRing, checkApiKeys, loadOrCreateAdminKey, parseApiKeys } from './api-keys.js';

describe('API keys', () => {
  test('parses roles joined with + and authenticates by secret', () => {
    const ring = new ApiKeyRing(parseApiKeys('admin:s1,operator+evaluator:s2, certifier:s3'));
    expect(ring.authenticate('s2')).toEqual({ actor: { keyId: expect.stringMatching(/^key-/), roles: ['operator', 'evaluator'] } });
    expect(ring.authenticate('s3')?.actor.roles).toEqual(['certifier']);
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

  test.each([
    '',
    'admin',
    ':secret',
    'root:s1',
    'admin:s1,operator:s1',
    'admin:x',
    'admin:two words',
    'admin:tab\there',
    'admin:café-au-lait',
  ])('refuses %j', (spec) => {
    expect(() => parseApiKeys(spec)).toThrow(ConfigError);
  });

  test('with NODE_ENV=production a secret needs 16 characters; the message names the entry, never the secret', () => {
    expect(() => parseApiKeys('admin:0123456789abcdef,auditor:0123456789abcde', { production: true })).toThrow(
      new ConfigError('API_KEYS entry 2: the secret must have at least 16 characters when NODE_ENV=production'),
    );
    expect(parseApiKeys('admin:0123456789abcdef', { production: true })).toHaveLength(1);
    expect(parseApiKeys('admin:0123456789abcde')).toHaveLength(1);
    expect(() => checkApiKeys('admin:0123456789 abcdef', { production: true })).toThrow(
      /entry 1: the secret must be visible ASCII, without whitespace$/,
    );
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
