import { LogEventNotFound, LogRequestInvalid, NotYetInLog } from '#libs/transparency-log';
import { ProblemException, badRequest } from '../http/problem.js';

/** The contract's codes for the log's refusals: 400 with the field, 404, 409 rule `not-yet-in-log`. */
export async function answeringLogErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LogRequestInvalid) throw badRequest(error.message, [{ field: error.field, message: error.message }]);
    if (error instanceof LogEventNotFound) throw new ProblemException(404, 'not-found/event', error.message);
    if (error instanceof NotYetInLog)
      throw new ProblemException(409, 'rule/not-yet-in-log', error.message, { extensions: { rule: 'not-yet-in-log' } });
    throw error;
  }
}
