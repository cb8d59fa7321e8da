import type { Command } from 'commander';
import { SERVE_HELP } from '../../../api/src/serve-help.js';

/** `cellpath serve`: the HTTP API, as `npm start` and the container run it (Nest loads only then). */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API (configured with environment variables)')
    .addHelpText('after', `\n${SERVE_HELP}`)
    .action(async () => (await import('../../../api/src/index.js')).serve());
}
