import { CommanderError, InvalidArgumentError } from 'commander';

/** Bad usage or unreadable input found after parsing (a bad date, a file that is not JSON): exit 2. */
export class UsageError extends Error {}

/** The command ran and the answer is no (an invalid certificate, a refused import): exit 1, the message on stderr. */
export class Failure extends Error {}

/** Exit codes: 0 done, 1 failed, 2 usage (what commander refuses, and what a command refuses before doing anything). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A positive integer option value; anything else is a usage error, reported by commander as such. */
export function positiveInteger(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new InvalidArgumentError(`must be a positive integer, got ${raw}`);
  return Number(raw);
}

/** An ISO 8601 time option value. */
export function instant(raw: string): Date {
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(`not a valid time: ${raw}`);
  return at;
}

/**
 * The exit code for what a command threw, after saying why on stderr. Commander has already
 * printed its own errors (and help or version, which end with code 0).
 */
export function exitCodeFor(error: unknown, program: string): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  const message = error instanceof Error ? error.message : String(error);
  // By name: importing the certificates or config library here would load them (PDF kit and all) for every `--help`.
  const name = error instanceof Error ? error.name : '';
  if (error instanceof UsageError || name === 'VerifierInputError') {
    process.stderr.write(`${program}: ${message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`${program}: ${name === 'ConfigError' ? 'configuration error: ' : ''}${message}\n`);
  return EXIT.failed;
}
