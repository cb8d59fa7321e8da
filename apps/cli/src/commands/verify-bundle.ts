import type { Command } from 'commander';
import { oneShot, withJson } from '../program-parts.js';

export function verifyBundleCommand(verify: Command): void {
  withJson(
    verify
      .command('bundle')
      .description(
        "check a battery's history bundle offline: hash chain, checkpoint signature, inclusion proofs; exit 0 valid, 1 invalid, 2 refused input",
      )
      .argument('<bundle.json>', 'GET /api/v1/batteries/{id}/history?format=bundle')
      .requiredOption('--jwks <keys.json>', 'the published key set (GET /api/v1/certificates/keys)'),
  ).action(oneShot(async (file: string, options) => (await import('../jobs/verify-bundle.js')).verifyBundle(file, options)));
}
