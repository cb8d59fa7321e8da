import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPGlite, openPostgres, type Database } from '#libs/database';
import { postgresTarget } from '../../../test/support/targets.js';
import { KEY_DIRECTORY, PRIVATE_KEY_FILE, SigningKeyRefused, SigningKeyRing, verifyCertificateSignature } from '../src/index.js';
import { adoptIntoSharedSet } from '../src/public-key-ledger.js';
import { sampleCertificate, temporaryDataDir } from './certificate-fixtures.js';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const kids = async (ring: SigningKeyRing) => (await ring.jwks()).keys.map((key) => key.kid);

const target = process.env.DATABASE_URL ? await postgresTarget() : { skip: 'PostgreSQL: DATABASE_URL unset' };
const stores: Array<[string, () => Promise<Database>, string | undefined]> = [
  ['PGlite', () => openPGlite(), undefined],
  ['PostgreSQL', () => openPostgres((target as { url: string }).url), 'skip' in target ? target.skip : undefined],
];
afterAll(async () => {
  if ('stop' in target) await target.stop();
});

describe.each(stores)('the key set processes share in the database [%s]', (_name, open, skip) => {
  if (skip) {
    console.warn(`SKIPPED the shared key set [PostgreSQL]: ${skip}`);
    test.skip(`skipped: ${skip}`, () => undefined);
    return;
  }
  let database: Database;
  beforeAll(async () => {
    database = await open();
  }, 120_000);
  afterAll(() => database?.close());
  // Every test starts on a database that never saw a key set.
  beforeEach(() => database.exec('drop table if exists certificate_signing_keys; drop table if exists schema_migrations'));

  test('two processes with other DATA_DIRs: the second is refused unless it brings CERT_SIGNING_KEY, which joins the set', async () => {
    const firstDir = temporaryDataDir();
    const first = await SigningKeyRing.load({ dataDir: firstDir, database });
    const strangerDir = temporaryDataDir();
    const refused = SigningKeyRing.load({ dataDir: strangerDir, database });
    await expect(refused).rejects.toThrow(SigningKeyRefused);
    await expect(refused).rejects.toThrow(
      new RegExp(
        `^the signing key in ${join(strangerDir, KEY_DIRECTORY, PRIVATE_KEY_FILE)} \\S+ is not in the database's key set \\(${first.keyId}\\)`,
      ),
    );

    const joined = await SigningKeyRing.load({ dataDir: temporaryDataDir(), certSigningKey: pem(), database });
    expect(await kids(first)).toEqual([joined.keyId, first.keyId]);
    expect(await first.jwks()).toEqual(await joined.jwks());
    const certificate = sampleCertificate();
    for (const [signer, checker] of [
      [first, joined],
      [joined, first],
    ] as const) {
      expect(verifyCertificateSignature(certificate, signer.sign(certificate), await checker.jwks()).valid).toBe(true);
    }
    expect((await SigningKeyRing.load({ dataDir: firstDir, database })).keyId).toBe(first.keyId);
  });

  test('a key a rotation retired signs no more: a process still holding it is refused', async () => {
    const dataDir = temporaryDataDir();
    const ring = await SigningKeyRing.load({ dataDir, database });
    const oldPem = readFileSync(join(dataDir, KEY_DIRECTORY, PRIVATE_KEY_FILE), 'utf8');
    await ring.rotate();
    await expect(SigningKeyRing.load({ dataDir: temporaryDataDir(), certSigningKey: oldPem, database })).rejects.toThrow(
      /^CERT_SIGNING_KEY \S+ was retired at \S+ in the database's key set, and a retired key signs no more/,
    );
  });

  test('rotation publishes the new key for every process, retires only the old one, and a restart signs with the new one', async () => {
    const dataDir = temporaryDataDir();
    const ring = await SigningKeyRing.load({ dataDir, database });
    const other = await SigningKeyRing.load({ dataDir, database });
    const joinedKey = pem();
    const joined = await SigningKeyRing.load({ dataDir: temporaryDataDir(), certSigningKey: joinedKey, database });
    const before = sampleCertificate({ certificateId: 'CERT-BEFORE' });
    const signedBefore = ring.sign(before);
    const { keyId, retiredKeyId } = await ring.rotate();
    expect(await kids(other)).toEqual([keyId, joined.keyId, retiredKeyId]);
    expect((await SigningKeyRing.load({ dataDir: temporaryDataDir(), certSigningKey: joinedKey, database })).keyId).toBe(joined.keyId);
    expect(verifyCertificateSignature(before, signedBefore, await other.jwks()).valid).toBe(true);
    expect((await SigningKeyRing.load({ dataDir, database })).keyId).toBe(keyId);
  });

  test("the first process on an empty set brings its DATA_DIR's retired keys along", async () => {
    const dataDir = temporaryDataDir();
    const embedded = await SigningKeyRing.load({ dataDir });
    const old = sampleCertificate({ certificateId: 'CERT-EMBEDDED' });
    const signature = embedded.sign(old);
    const { keyId, retiredKeyId } = await embedded.rotate();
    const shared = await SigningKeyRing.load({ dataDir, database });
    expect(await kids(shared)).toEqual([keyId, retiredKeyId]);
    expect(verifyCertificateSignature(old, signature, await shared.jwks()).valid).toBe(true);
  });

  test('six processes starting at once on an empty set with one DATA_DIR publish one key', async () => {
    const dataDir = temporaryDataDir();
    const rings = await Promise.all(Array.from({ length: 6 }, () => SigningKeyRing.load({ dataDir, database })));
    expect(new Set(rings.map((ring) => ring.keyId)).size).toBe(1);
    expect(await kids(rings[0]!)).toEqual([rings[0]!.keyId]);
  });
});

test('a process starting with the old key while a rotation is half done changes nothing; the rotation retires only the key it replaces', () => {
  const other = { kid: 'other', x: 'x-other', activatedAt: '2025-12-01T00:00:00.000Z', retiredAt: null };
  const old = { kid: 'old', x: 'x-old', activatedAt: '2026-01-01T00:00:00.000Z', retiredAt: null };
  const rotating = { kid: 'new', x: 'x-new', activatedAt: '2026-02-01T00:00:00.000Z', retiredAt: null };
  const set = [rotating, old, other];
  expect(adoptIntoSharedSet(set, { ...old, describe: 'the signing key' }, false, [], new Date('2026-02-01T00:00:01.000Z'))).toBe(set);
});
