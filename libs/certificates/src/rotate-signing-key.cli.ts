/**
 * `npm run keys:rotate`: makes a new current certificate signing key in DATA_DIR and retires the
 * old one (its public key stays published, so certificates it signed keep verifying).
 *
 * On the embedded store it takes the lock of DATA_DIR's database, as the API does, so it refuses
 * while an API runs there: stop it, rotate, start it. With DATABASE_URL it rotates the database's
 * key set while the APIs run; each signs with the new key once restarted.
 */
import { loadConfig, type AppConfig } from '#libs/config';
import { embeddedDatabasePath, lockDirectory, openPostgres } from '#libs/database';
import { rotateCertificateSigningKey, type Rotation } from './signing-key-ring.js';

async function rotate(config: AppConfig): Promise<Rotation> {
  if (config.databaseUrl) {
    const database = await openPostgres(config.databaseUrl, { max: 1 });
    try {
      return await rotateCertificateSigningKey({ ...config, database });
    } finally {
      await database.close();
    }
  }
  const lock = await lockDirectory(embeddedDatabasePath(config.dataDir));
  try {
    return await rotateCertificateSigningKey(config);
  } finally {
    await lock.release();
  }
}

try {
  const { keyId, retiredKeyId } = await rotate(loadConfig(process.env));
  console.log(`new certificate signing key ${keyId}; retired ${retiredKeyId} (still published for verification)`);
  console.log('restart running servers so they sign with the new key');
} catch (error) {
  console.error(`key rotation failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
