import type { Command } from 'commander';
import { oneShot, withJson } from '../program-parts.js';

export function migrateCommand(program: Command): void {
  const migrate = program.command('migrate').description('schema migrations (applied by every start; nothing to run by hand)');
  withJson(
    migrate
      .command('status')
      .description('list the migrations this version knows and which the configured database has applied (read only)'),
  )
    .addHelpText('after', '\nOn the embedded database (no DATABASE_URL) stop the API first: one process at a time opens DATA_DIR.')
    .action(oneShot(async (options) => (await import('../jobs/migrate-status.js')).migrateStatus(options)));
}
