import { generateKeyPairSync } from 'node:crypto';
import { publicJwkOf, signBytes, type Jwks } from '#libs/certificates';
import { MemoryTree, leafData, leafHash, parseCheckpointText, rootHash, signCheckpoint, verifyCheckpoint } from '#libs/transparency-log';

const { privateKey } = generateKeyPairSync('ed25519');
const jwk = publicJwkOf(privateKey);
const jwks: Jwks = { keys: [jwk] };
const signer = { signBytes: (message: Uint8Array) => ({ keyId: jwk.kid, value: signBytes(message, { keyId: jwk.kid, privateKey }) }) };

describe('checkpoints', () => {
  const root = Buffer.alloc(32, 7);
  const checkpoint = signCheckpoint({ origin: 'cellpath.example', treeSize: 12, rootHash: root }, new Date('2026-01-01T00:00:00Z'), signer);

  it('writes the C2SP body and signs its UTF-8 bytes', () => {
    expect(checkpoint.text).toBe(`cellpath.example\n12\n${root.toString('base64')}\n`);
    expect(checkpoint).toMatchObject({
      origin: 'cellpath.example',
      treeSize: 12,
      rootHash: root.toString('hex'),
      keyId: jwk.kid,
      issuedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(verifyCheckpoint(checkpoint, jwks)).toMatchObject({ valid: true });
    expect(parseCheckpointText(checkpoint.text)).toEqual({ origin: 'cellpath.example', treeSize: 12, rootHash: root });
  });

  it('refuses an altered text, mismatching fields, an unknown key and a bad signature', () => {
    const otherText = checkpoint.text.replace('\n12\n', '\n13\n');
    expect(verifyCheckpoint({ ...checkpoint, text: otherText }, jwks)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('does not match'),
    });
    expect(verifyCheckpoint({ ...checkpoint, treeSize: 13 }, jwks)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('differ'),
    });
    expect(verifyCheckpoint(checkpoint, { keys: [] })).toMatchObject({ valid: false, reason: expect.stringContaining('no public key') });
    expect(verifyCheckpoint({ ...checkpoint, signature: 'AAAA' }, jwks)).toMatchObject({ valid: false });
    expect(verifyCheckpoint({ ...checkpoint, text: 'garbage' }, jwks)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('not'),
    });
  });

  it('hashes the leaf recipe: JCS({streamId, revision, type, hash}) under the 0x00 prefix', async () => {
    const entry = { type: 'BatteryRegistered', streamId: 'B-1', hash: 'ab'.repeat(32), revision: 0 };
    expect(leafData(entry).toString('utf8')).toBe(`{"hash":"${'ab'.repeat(32)}","revision":0,"streamId":"B-1","type":"BatteryRegistered"}`);
    const tree = new MemoryTree([leafHash(leafData(entry))]);
    expect((await rootHash(1, tree.source)).toString('hex')).toBe(leafHash(leafData(entry)).toString('hex'));
  });
});
