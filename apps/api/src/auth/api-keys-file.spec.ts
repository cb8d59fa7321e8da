import { createHash } from 'node:crypto';
import { ConfigError } from '#libs/config';
import { checkApiKeysFile, fileKeyId, withKeyIds } from './api-keys-file.js';
import { ApiKeyRing, secretDigest } from './api-keys.js';

const file = (entries: unknown) => JSON.stringify(entries);
const kim = { name: 'Kim Min-jun', roles: ['operator'], secret: 'kim-secret-0001', organisationId: 'ORG-POHANG', siteIds: ['S-1'] };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('API_KEYS_FILE', () => {
  test('a named key authenticates with its roles, name, organisation and sites', async () => {
    const ring = new ApiKeyRing([]);
    ring.replaceFileKeys(await withKeyIds(checkApiKeysFile(file([kim]))));
    expect(ring.authenticate('kim-secret-0001')).toEqual({
      actor: { keyId: expect.stringMatching(/^key-/), roles: ['operator'], name: 'Kim Min-jun', organisationId: 'ORG-POHANG' },
      siteIds: ['S-1'],
    });
    expect(ring.authenticate('kim-secret-0002')).toBeUndefined();
  });

  test('secretSha256 stands for the secret: same key, same id, whichever way it is written', async () => {
    const [plain] = checkApiKeysFile(file([{ name: 'cycler-3', roles: ['evaluator'], secret: 'cycler-3-secret' }]));
    const [hashed] = checkApiKeysFile(
      file([{ name: 'cycler-3', roles: ['evaluator'], secretSha256: sha256('cycler-3-secret').toUpperCase() }]),
    );
    expect(hashed!.digest).toEqual(plain!.digest);
    expect(await fileKeyId(hashed!.digest)).toBe(await fileKeyId(plain!.digest));
    expect(await fileKeyId(plain!.digest)).not.toContain('cycler');
  });

  test.each<[unknown, RegExp]>([
    ['not json', /^API_KEYS_FILE is not valid JSON/],
    [{ keys: [] }, /^API_KEYS_FILE must hold a JSON array of keys$/],
    [[kim, 'x'], /^API_KEYS_FILE entry 2, field \$: must be an object/],
    [[{ ...kim, siteId: 'S-1' }], /^API_KEYS_FILE entry 1 \("Kim Min-jun"\), field siteId: is not a field of a key$/],
    [[{ ...kim, name: '' }], /^API_KEYS_FILE entry 1 \(""\), field name: must be 1-200 characters/],
    [[{ ...kim, name: 'Kim\nMin-jun' }], /entry 1 .*, field name: must be 1-200 characters of one line/],
    [[{ ...kim, roles: [] }], /entry 1 \("Kim Min-jun"\), field roles: must be a non-empty array of roles$/],
    [
      [kim, { ...kim, name: 'Lee', secret: 'lee-secret-0001', roles: ['operator', 'boss'] }],
      /^API_KEYS_FILE entry 2 \("Lee"\), field roles.1: is not a role \("boss"\)$/,
    ],
    [[{ ...kim, secretSha256: sha256('x') }], /entry 1 .*, field secret: give exactly one of secret and secretSha256$/],
    [[{ name: 'Kim', roles: ['auditor'] }], /entry 1 .*, field secret: give exactly one of secret and secretSha256$/],
    [[{ ...kim, secret: 'two words' }], /entry 1 .*, field secret: the secret must be visible ASCII, without whitespace$/],
    [[{ name: 'Kim', roles: ['auditor'], secretSha256: 'abc' }], /entry 1 .*, field secretSha256: must be 64 hex digits/],
    [[{ ...kim, organisationId: 'ORG POHANG' }], /entry 1 .*, field organisationId: must be 1-100 characters/],
    [[{ ...kim, siteIds: [] }], /entry 1 .*, field siteIds: must be a non-empty array of ids$/],
    [[{ ...kim, siteIds: ['S-1', 'S/2'] }], /entry 1 .*, field siteIds.1: must be 1-100 characters/],
    [[{ ...kim, roles: ['admin'] }], /entry 1 .*, field siteIds: cannot limit an admin key$/],
    [[kim, { ...kim, secret: 'other-secret-01' }], /entry 2 \("Kim Min-jun"\), field name: is used by an earlier entry/],
    [
      [kim, { ...kim, name: 'Lee', secretSha256: sha256(kim.secret), secret: undefined }],
      /entry 2 \("Lee"\), field secretSha256: is the secret of another key$/,
    ],
  ])('%j is refused naming the entry and the field, never a secret', (entries, message) => {
    const text = typeof entries === 'string' ? entries : file(entries);
    expect(() => checkApiKeysFile(text)).toThrow(ConfigError);
    expect(() => checkApiKeysFile(text)).toThrow(message);
    try {
      checkApiKeysFile(text);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/secret-0001|other-secret/);
    }
  });

  test('a secret already in API_KEYS is refused; production wants 16 characters of a plain secret', () => {
    expect(() => checkApiKeysFile(file([kim]), { fixedDigests: [secretDigest('kim-secret-0001')] })).toThrow(
      /entry 1 \("Kim Min-jun"\), field secret: is the secret of another key$/,
    );
    expect(() => checkApiKeysFile(file([kim]), { production: true })).toThrow(
      /entry 1 .*, field secret: the secret must have at least 16 characters/,
    );
    expect(checkApiKeysFile(file([]))).toEqual([]);
  });
});
