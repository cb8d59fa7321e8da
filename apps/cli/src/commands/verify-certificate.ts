import type { Command } from 'commander';
import { instant } from '../outcome.js';
import { oneShot, withJson } from '../program-parts.js';

export function verifyCertificateCommand(verify: Command): void {
  withJson(
    verify
      .command('certificate')
      .description('check a reuse certificate offline against the published keys: exit 0 valid, 1 invalid, 2 refused input')
      .argument('<cert.json>', 'the certificate, or the verify endpoint’s response (then its log proof is checked too)')
      .requiredOption('--jwks <keys.json>', 'the published key set (GET /api/v1/certificates/keys)')
      .option('--at <time>', 'judge validity at this ISO 8601 time instead of now', instant),
  ).action(oneShot(async (file: string, options) => (await import('../jobs/verify-certificate.js')).verifyCertificate(file, options)));
}
