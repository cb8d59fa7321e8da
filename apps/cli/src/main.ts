#!/usr/bin/env node
import 'reflect-metadata';
import type { Command } from 'commander';
import { exitCodeFor } from './outcome.js';
import { buildProgram } from './program.js';

/** `cellpath keys rotate`: how an error names the command it came from. */
const pathOf = (command: Command | null): string => (command ? `${pathOf(command.parent)} ${command.name()}`.trim() : '');

/** `cellpath` (package.json `bin`; `npx cellpath …` in the checkout, after `npm run build`). */
let running = 'cellpath';
const program = buildProgram().hook('preAction', (_program, action) => {
  running = pathOf(action);
});
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exit(exitCodeFor(error, running));
}
