import type { Command } from 'commander';

/** `cellpath projector`: the projection runner as its own process, as the compose file's projector service runs it. */
export function projectorCommand(program: Command): void {
  program
    .command('projector')
    .description('keep the read models in a process of its own (needs DATABASE_URL; start APIs with CELLPATH_RUN_PROJECTIONS=false)')
    .addHelpText(
      'after',
      `
Configured with the API's environment variables. Several projectors may run on one database: a
lease lets one apply events, the others stand by and take over when it stops. Its container
healthcheck: node dist/apps/projector/src/healthcheck.js`,
    )
    .action(async () => (await import('../../../projector/src/run-projector.js')).runProjector());
}
