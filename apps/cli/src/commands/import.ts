import { InvalidArgumentError, type Command } from 'commander';
import { oneShot, withJson } from '../program-parts.js';

function baseUrl(raw: string): URL {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError(`not an http(s) URL: ${raw}`);
}

export function importCommand(program: Command): void {
  withJson(
    program
      .command('import')
      .description("send a transfer bundle to a running instance's POST /api/v1/imports: exit 0 imported, 1 refused or unreachable")
      .argument('<bundle.json>', 'the bundle from GET /api/v1/batteries/{id}/bundle on the origin instance')
      .requiredOption('--url <base url>', 'the receiving instance, e.g. https://cellpath.example', baseUrl)
      .requiredOption('--key <secret>', 'an operator API key of the receiving instance (the secret after "roles:")')
      .option('--idempotency-key <key>', 'sent as Idempotency-Key, so a retry after a lost answer gets the first answer'),
  ).action(oneShot(async (file: string, options) => (await import('../jobs/import.js')).importBundle(file, options)));
}
