import type { Command } from 'commander';
import { oneShot, withJson } from '../program-parts.js';

/** `cellpath keys rotate|list`; the jobs load only when run, so `--help` stays quick. */
export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('certificate signing keys');
  keys
    .command('rotate')
    .description('make a new signing key and retire the current one (still published, so what it signed keeps verifying)')
    .option('--yes', 'really rotate; without it nothing is done (exit 2)')
    .addHelpText(
      'after',
      `
On the embedded store (no DATABASE_URL) stop the API first: this refuses while it runs on DATA_DIR.
With DATABASE_URL it rotates the shared key set while APIs run; restart them to sign with the new key.`,
    )
    .action(oneShot(async (options) => (await import('../jobs/keys.js')).rotateKeys(options)));
  withJson(keys.command('list').description('list the published signing keys: the active one and the retired ones')).action(
    oneShot(async (options) => (await import('../jobs/keys.js')).listKeys(options)),
  );
}
