import { type PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestHash } from '../idempotency/index.js';
import { ProblemException } from '../http/problem.js';
import { ID_PATTERN } from '../http/validators.js';
import { parseIdempotencyKey, parseIfMatch, type RequestContext } from './request-context.js';

/** The parts of an HTTP request a command reads besides its body and path ids. */
export type CommandRequest = Pick<FastifyRequest, 'actor' | 'siteScope' | 'id' | 'method' | 'url' | 'headers'>;

/** Reads the command-relevant headers of an authenticated request. */
export function requestContext(request: CommandRequest, body: unknown): RequestContext {
  const actor = request.actor;
  if (!actor) throw new Error('command route reached without an authenticated actor');
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  const path = request.url.split('?')[0]!;
  return {
    actor,
    siteScope: request.siteScope,
    requestId: request.id,
    ifMatch: parseIfMatch(request.headers['if-match']),
    idempotency: key === undefined ? undefined : { key, requestHash: requestHash(request.method, path, body) },
    now: new Date().toISOString(),
  };
}

/** Path ids follow the same charset rule as body ids; anything else is 400, never a lookup. */
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw new ProblemException(400, 'validation', `${this.field} must be 1-100 characters of A-Z a-z 0-9 . _ : -`, {
        errors: [{ field: this.field, message: 'must be 1-100 characters of A-Z a-z 0-9 . _ : -' }],
      });
    }
    return value;
  }
}
