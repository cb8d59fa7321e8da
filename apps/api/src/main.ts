import { SERVE_HELP } from './serve-help.js';

/** `npm start` and the container's command; `cellpath serve` is the same start. */
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(
    `usage: node dist/apps/api/src/main.js   (or: cellpath serve)\n\n${SERVE_HELP}\n\nThe other commands: cellpath --help\n`,
  );
} else {
  await (await import('./serve.js')).serve(argv);
}
