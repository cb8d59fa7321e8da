import type { Command } from 'commander';
import { oneShot } from '../program-parts.js';

export function projectionsRebuildCommand(projections: Command): void {
  projections
    .command('rebuild')
    .description('replay the event log into shadow tables and swap them in, one projection or all, with progress')
    .argument('[projection]', 'only this projection (default: all)')
    .option('--wait', 'wait for the projection lease instead of exiting 1 while another process holds it')
    .addHelpText(
      'after',
      `
The live views keep answering meanwhile. Only the process holding the projection lease may
rebuild: if an API (CELLPATH_RUN_PROJECTIONS not false) or a projector holds it, this exits 1 (use
POST /api/v1/admin/projections/<name>/rebuild on that API instead), or with --wait waits until the
holder stops (restart the projector and this takes over first).
On the embedded database (no DATABASE_URL) stop the API first: this refuses while it runs.`,
    )
    .action(
      oneShot(async (name: string | undefined, options) =>
        (await import('../jobs/projections-rebuild.js')).rebuildProjections(name, options),
      ),
    );
}
