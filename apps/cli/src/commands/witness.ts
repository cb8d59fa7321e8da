import type { Command } from 'commander';
import { oneShot } from '../program-parts.js';

export function witnessCommand(program: Command): void {
  program
    .command('witness')
    .description(
      "keep the transparency log's checkpoints and check each new one extends the last (cron): exit 0 consistent, 1 not, 2 refused input",
    )
    .requiredOption('--url <base url>', 'the Cellpath instance, e.g. https://cellpath.example')
    .requiredOption('--state <file>', 'where the kept checkpoints and pinned keys live (made on the first run)')
    .option('--jwks <keys.json>', 'keys to pin (first run) or to add to the pinned ones (after a rotation)')
    .action(oneShot(async (options) => (await import('../jobs/witness.js')).runWitness(options)));
}
