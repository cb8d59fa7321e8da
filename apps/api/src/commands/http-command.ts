import { type PipeTransform } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestHash } from '../idempotency/index.js';
import { ProblemException } from '../http/problem.js';
import { ID_PATTERN } from '../http/validators.js';
import type { CommandResponse } from './command-pipeline.js';
import { parseIdempotencyKey, parseIfMatch, type RequestContext } from './request-context.js';

/** Reads the command-relevant headers of an authenticated request. */
export function requestContext(request: FastifyRequest, body: unknown): RequestContext {
  const actor = request.actor;
  if (!actor) throw new Error('command route reached without an authenticated actor');
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  const path = request.url.split('?')[0]!;
  return {
    actor,
    requestId: request.id,
    ifMatch: parseIfMatch(request.headers['if-match']),
    idempotency: key === undefined ? undefined : { key, requestHash: requestHash(request.method, path, body) },
    now: new Date().toISOString(),
  };
}

/** Sends a command's answer with the strong ETag of the stream's new revision. */
export function sendCommandResponse(reply: FastifyReply, response: CommandResponse): Record<string, unknown> {
  void reply.status(response.status).header('etag', `"${response.revision}"`);
  return response.body;
}

/** Path ids follow the same charset rule as body ids; anything else is 400, never a lookup. */
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw new ProblemException(400, 'validation', `${this.field} must be 1-100 characters of A-Z a-z 0-9 . _ : -`, [
        { field: this.field, message: 'must be 1-100 characters of A-Z a-z 0-9 . _ : -' },
      ]);
    }
    return value;
  }
}
