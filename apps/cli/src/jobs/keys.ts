/**
 * `cellpath keys rotate|list`: the certificate signing keys.
 *
 * `rotate` makes a new current key in DATA_DIR and retires the old one (its public key stays
 * published, so certificates it signed keep verifying); it does nothing without `--yes`. On the
 * embedded store it takes the lock of DATA_DIR's database, as the API does, so it refuses while an
 * API runs there: stop it, rotate, start it. With DATABASE_URL it rotates the database's key set
 * while the APIs run; each signs with the new key once restarted.
 */
import { readPublishedKeys, rotateCertificateSigningKey, type PublicKeyLedger, type Rotation } from '#libs/certificates';
import { loadWorkerConfig, type AppConfig } from '#libs/config';
import { embeddedDatabasePath, lockDirectory, openPostgres, type Database } from '#libs/database';
import { EXIT, UsageError } from '../outcome.js';
import { report } from '../program-parts.js';

/** Runs `work` on the configured PostgreSQL database, or with none (the embedded store's files). */
async function withKeyDatabase<T>(config: AppConfig, work: (database?: Database) => Promise<T>): Promise<T> {
  if (!config.databaseUrl) return work();
  const database = await openPostgres(config.databaseUrl, { max: 1 });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function rotate(config: AppConfig): Promise<Rotation> {
  if (config.databaseUrl) return withKeyDatabase(config, (database) => rotateCertificateSigningKey({ ...config, database }));
  const lock = await lockDirectory(embeddedDatabasePath(config.dataDir));
  try {
    return await rotateCertificateSigningKey(config);
  } finally {
    await lock.release();
  }
}

export async function rotateKeys(options: { yes?: boolean }): Promise<number> {
  const config = loadWorkerConfig('cellpath keys rotate');
  if (!options.yes) {
    const where = config.databaseUrl ? 'the database at DATABASE_URL' : `${config.dataDir}`;
    throw new UsageError(`nothing done: rotating replaces the signing key of ${where}; run again with --yes to rotate`);
  }
  const { keyId, retiredKeyId } = await rotate(config);
  console.log(`new certificate signing key ${keyId}; retired ${retiredKeyId} (still published for verification)`);
  console.log('restart running servers so they sign with the new key');
  return EXIT.ok;
}

function keyLines(keys: PublicKeyLedger, source: string): string[] {
  if (keys.length === 0) return [`no signing keys published yet in ${source} (the first start makes one)`];
  return [
    `published signing keys in ${source}, newest first:`,
    ...keys.map(({ kid, activatedAt, retiredAt }) =>
      retiredAt === null ? `  ${kid}  active   since ${activatedAt}` : `  ${kid}  retired  ${retiredAt} (active from ${activatedAt})`,
    ),
  ];
}

export async function listKeys(options: { json?: boolean }): Promise<number> {
  const config = loadWorkerConfig('cellpath keys list');
  const keys = await withKeyDatabase(config, (database) => readPublishedKeys({ dataDir: config.dataDir, database }));
  const source = config.databaseUrl ? 'database' : 'dataDir';
  const result = {
    source,
    keys: keys.map((key) => ({ ...key, status: key.retiredAt === null ? 'active' : 'retired' })),
  };
  report(options.json, result, () => keyLines(keys, config.databaseUrl ? 'the database (DATABASE_URL)' : config.dataDir));
  return EXIT.ok;
}
