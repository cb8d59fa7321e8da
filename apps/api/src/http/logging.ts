import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { REDACTED } from '#libs/logging';

/**
 * The query parameters the contract defines. Only their values are logged: keys belong in the
 * Authorization header, but a client may still put one in `?api_key=`, `?token=` or a name
 * nobody foresaw, so anything else is logged as `[redacted]`, name and value.
 */
const LOGGED_QUERY_PARAMETERS = new Set([
  'asOf',
  'chemistry',
  'cursor',
  'format',
  'from',
  'fromRevision',
  'grade',
  'limit',
  'minPosition',
  'revision',
  'siteId',
  'stage',
  'start',
  'status',
  'streamId',
  'to',
  'treeSize',
]);

/** The request URL as logged: the path, and only the contract's query parameters with their values. */
export function loggableUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const parameters = url
    .slice(question + 1)
    .split('&')
    .filter(Boolean);
  const logged = parameters.map((parameter) => {
    const name = parameter.split('=', 1)[0]!;
    return LOGGED_QUERY_PARAMETERS.has(name) ? parameter : REDACTED;
  });
  return `${url.slice(0, question)}?${logged.join('&')}`;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's X-Request-Id (it becomes the correlation id of the events written). */
export function requestIdFrom(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Routes Nest's own framework messages into the same structured log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

/** One structured line per request, written when it completes, with its latency. */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url,
      url: loggableUrl(request.url),
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      actor: request.actor?.keyId,
    };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request completed');
  }
}
