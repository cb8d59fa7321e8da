import type { Command } from 'commander';

/**
 * The action of a command that ends (not `serve` or `projector`): the process exits with the code
 * `run` returns, even if a database pool or a progress bar's timer would keep it alive.
 */
export const oneShot =
  <A extends unknown[]>(run: (...args: A) => Promise<number> | number) =>
  async (...args: A): Promise<void> => {
    process.exit(await run(...args));
  };

/** `--json` on a command whose result a script reads. */
export const withJson = (command: Command): Command => command.option('--json', 'print the result as one JSON object on stdout');

/** Writes the result: JSON on one line with --json, else the lines a person reads. */
export function report(json: boolean | undefined, result: unknown, lines: () => string[]): void {
  process.stdout.write(
    json
      ? `${JSON.stringify(result)}\n`
      : lines()
          .map((line) => `${line}\n`)
          .join(''),
  );
}
