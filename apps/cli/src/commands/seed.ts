import type { Command } from 'commander';
import { positiveInteger } from '../outcome.js';
import { oneShot } from '../program-parts.js';

export function seedCommand(program: Command): void {
  program
    .command('seed')
    .description('drive N realistic battery lifecycles through the command side, then wait for the projections')
    .requiredOption('--batteries <n>', 'how many batteries', positiveInteger)
    .option('--concurrency <n>', 'batteries driven at once', positiveInteger, 8)
    .option('--seed <n>', 'random seed: the same seed makes the same batteries', positiveInteger, 1)
    .addHelpText(
      'after',
      `
Runs in process on the configured DATABASE_URL / DATA_DIR / KURRENTDB_URL. On the embedded
database stop the API first: one process at a time may open a DATA_DIR, so this refuses (exit 1,
naming the holder's pid) while the API runs on it.`,
    )
    .action(oneShot(async (options) => (await import('../jobs/seed.js')).seedBatteries(options)));
}
