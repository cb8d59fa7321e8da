/**
 * `npm run keys:rotate`: makes a new current certificate signing key in DATA_DIR and retires the
 * old one (its public key stays in the JWKS, so certificates it signed keep verifying).
 */
import { loadConfig } from '#libs/config';
import { rotateCertificateSigningKey } from './signing-key-ring.js';

try {
  const { keyId, retiredKeyId } = await rotateCertificateSigningKey(loadConfig(process.env));
  console.log(`new certificate signing key ${keyId}; retired ${retiredKeyId} (still published for verification)`);
  console.log('restart running servers so they sign with the new key');
} catch (error) {
  console.error(`key rotation failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
