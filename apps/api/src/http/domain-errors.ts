import { InvalidGradingPolicy, InvalidCommand, LifecycleRuleViolation, ResourceNotFound } from '#libs/lifecycle';
import { BundleRejected } from '#libs/transfers';
import { ProblemException } from './problem.js';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Maps domain errors onto the contract's status codes, and transient database or event-store
 * failures onto 503 with Retry-After; anything unknown stays a 500.
 */
export function translateDomainError(error: unknown): ProblemException | undefined {
  if (error instanceof ProblemException) return error;
  if (error instanceof ResourceNotFound) return new ProblemException(404, `not-found/${error.resource}`, error.message);
  if (error instanceof LifecycleRuleViolation)
    return new ProblemException(409, `rule/${error.rule}`, error.detail, { extensions: { rule: error.rule } });
  if (error instanceof InvalidCommand) return new ProblemException(400, 'validation', error.message, { errors: [...error.errors] });
  if (error instanceof BundleRejected)
    return new ProblemException(422, `bundle/${error.rule}`, error.message, {
      errors: [...error.errors],
      extensions: { rule: error.rule },
    });
  if (error instanceof InvalidGradingPolicy) return new ProblemException(500, 'configuration', error.message);
  return storeUnavailable(error);
}
