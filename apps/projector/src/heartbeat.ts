import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The projector serves no HTTP, so its container healthcheck reads a file: the instant the
 * database last answered the runner's lease check, rewritten every few seconds. A hung process,
 * or one cut off from its database, stops refreshing it.
 */
export const heartbeatFile = (dataDir: string): string => join(dataDir, 'projector-heartbeat');

/** Three missed lease checks (one every 5 s with the default 15 s lease). */
export const HEARTBEAT_MAX_AGE_MS = 15_000;

/** Replaced in one rename, so a reader never sees a half-written file. */
export function writeHeartbeat(file: string, at: Date): void {
  writeFileSync(`${file}.tmp`, at.toISOString());
  renameSync(`${file}.tmp`, file);
}

/** Why the projector is unhealthy, or undefined when its last lease check is recent enough. */
export function heartbeatProblem(file: string, now: Date, maxAgeMs = HEARTBEAT_MAX_AGE_MS): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `no heartbeat at ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) return `unreadable heartbeat at ${file}`;
  const ageMs = now.getTime() - at;
  return ageMs > maxAgeMs ? `last lease check ${Math.round(ageMs / 1000)} s ago (more than ${maxAgeMs / 1000} s)` : undefined;
}
