import { runBenchmarks } from './run.js';
import { USAGE, UsageError, parseBenchArgs, type BenchOptions } from './support/options.js';
import { PostgresUnreachable, withoutPassword } from './support/postgres-probe.js';
import { Progress } from './support/progress.js';
import { releaseAllScratch } from './support/scratch-database.js';

function readOptions(argv: readonly string[]): BenchOptions {
  try {
    return parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const argv = process.argv.slice(2);
const options = readOptions(argv);
// Scratch databases must not outlive an interrupted run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}: dropping scratch databases\n`);
    void releaseAllScratch().finally(() => process.exit(130));
  });
}
// The command is printed and kept in the results: an admin URL in it loses its password.
runBenchmarks(options, withoutPassword(`npm run bench -- ${argv.join(' ')}`), new Progress()).catch(async (error: unknown) => {
  const shown =
    error instanceof PostgresUnreachable ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench: ${shown}\n`);
  await releaseAllScratch();
  process.exit(1);
});
