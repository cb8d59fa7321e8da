import { ProjectionCommandRejected, UnknownProjection } from '#libs/projections';
import { ProblemException } from '../http/problem.js';

/** Runs an admin action on the runner, answering its refusals as the HTTP contract's 404 and 409. */
export async function asProblem<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof UnknownProjection) throw new ProblemException(404, 'not-found/projection', error.message);
    if (error instanceof ProjectionCommandRejected) throw new ProblemException(409, 'projection/rejected', error.message);
    throw error;
  }
}
