import { readFileSync } from 'node:fs';
import { VerifierInputError } from '#libs/certificates';

export function readJson(path: string, what: string): any {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new VerifierInputError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** parseArgs throws TypeErrors with codes for unknown or malformed options: a usage error too. */
export const isUsageError = (error: unknown) => error instanceof VerifierInputError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;

/** Runs an offline verifier: its exit code (0 valid, 1 invalid), or 2 with one line for bad usage or input. */
export function runVerifier(run: (argv: string[]) => number): void {
  try {
    process.exitCode = run(process.argv.slice(2));
  } catch (error) {
    console.error(isUsageError(error) ? (error as Error).message : error);
    process.exitCode = 2;
  }
}
