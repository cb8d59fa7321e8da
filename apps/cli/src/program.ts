import { Command } from 'commander';
import { importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate-status.js';
import { projectionsRebuildCommand } from './commands/projections-rebuild.js';
import { projectorCommand } from './commands/projector.js';
import { seedCommand } from './commands/seed.js';
import { serveCommand } from './commands/serve.js';
import { verifyBundleCommand } from './commands/verify-bundle.js';
import { verifyCertificateCommand } from './commands/verify-certificate.js';
import { witnessCommand } from './commands/witness.js';
import { VERSION } from './version.js';

/** `--version` on every command, not only the top one, so any `cellpath … --version` answers alike. */
function withVersion(command: Command): void {
  command.version(VERSION, '-V, --version', 'print the version');
  for (const sub of command.commands) withVersion(sub);
}

/**
 * The `cellpath` command tree. Errors throw instead of exiting (the caller picks the exit code);
 * subcommands made with `.command()` inherit that, the refusal of extra arguments and the hint
 * after an error, so every subcommand is created from its parent.
 */
export function buildProgram(): Command {
  const program = new Command('cellpath')
    .description('Cellpath: event-sourced traceability of used EV batteries. Exit codes: 0 done, 1 failed, 2 usage error.')
    .exitOverride()
    .allowExcessArguments(false)
    .showHelpAfterError('(add --help for usage)');
  serveCommand(program);
  projectorCommand(program);
  seedCommand(program);
  projectionsRebuildCommand(program.command('projections').description('the read models'));
  keysCommand(program);
  const verify = program.command('verify').description('offline verifiers: no server needed, only the files and the published keys');
  verifyCertificateCommand(verify);
  verifyBundleCommand(verify);
  witnessCommand(program);
  migrateCommand(program);
  importCommand(program);
  withVersion(program);
  return program;
}
