import type { ProjectionRunner } from '#libs/projections';
import { ProblemException } from '../http/problem.js';

/** How long a read waits for its projections to reach `?minPosition=` (shared/api.md "Views"). */
export const MIN_POSITION_WAIT_MS = 5_000;
/** OpenAPI description of the `?minPosition=` every read model route takes. */
export const MIN_POSITION_DOC = {
  name: 'minPosition',
  required: false,
  description: `A command's \`position\`: wait up to ${MIN_POSITION_WAIT_MS / 1000} s for the view to reach it, else 503 with Retry-After.`,
} as const;

/** Projections usually catch up within a batch; a client retrying after a second sees it. */
const RETRY_AFTER_SECONDS = '1';

/**
 * Read-your-writes: waits until every projection behind a view has applied the log up to the
 * position a command returned, else 503 with Retry-After (the view is behind, not broken).
 */
export async function awaitMinPosition(
  runner: ProjectionRunner,
  minPosition: string | undefined,
  projections: readonly string[],
): Promise<void> {
  if (minPosition === undefined) return;
  if (await runner.waitForPosition(minPosition, MIN_POSITION_WAIT_MS, projections)) return;
  throw new ProblemException(
    503,
    'view-behind',
    `the view has not reached position ${minPosition} within ${MIN_POSITION_WAIT_MS / 1000} s; retry later`,
    { headers: { 'retry-after': RETRY_AFTER_SECONDS }, extensions: { minPosition } },
  );
}
