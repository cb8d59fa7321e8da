import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem, ProblemException, problemSlug, type ProblemDetails } from './problem.js';

/** Translates errors that are not ProblemExceptions yet (domain errors, store errors). */
export type ErrorTranslator = (error: unknown) => ProblemException | undefined;

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const FRAMEWORK_SLUGS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-content-length',
};

/**
 * Nest's error handler (the only one on the Fastify instance) hands Fastify's own 4xx errors (body
 * too large, bad JSON) over as an HttpException; their cause keeps the code that names the problem.
 */
function fastifyErrorIn(error: unknown): unknown {
  const cause = error instanceof HttpException ? (error.cause as FrameworkError | undefined) : undefined;
  return typeof cause?.code === 'string' && cause.code.startsWith('FST_') ? cause : error;
}

/** Every error, whoever raised it, leaves as RFC 9457 problem+json; 5xx details stay in the log. */
export function toProblem(
  error: unknown,
  translate: ErrorTranslator,
  log: FastifyBaseLogger,
): { body: ProblemDetails; headers: Record<string, string> } {
  error = fastifyErrorIn(error);
  const translated = error instanceof ProblemException ? error : translate(error);
  if (translated) {
    if (translated.status >= 500) log.warn({ err: error }, `answered ${translated.status}: ${translated.message}`);
    return { body: translated.toProblem(), headers: translated.headers };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const slug = status === 404 ? 'not-found' : `http-${status}`;
    return { body: problem(status, slug, error.message), headers: {} };
  }
  const framework = error as FrameworkError;
  if (typeof framework?.statusCode === 'number' && framework.statusCode >= 400 && framework.statusCode < 500) {
    const slug = FRAMEWORK_SLUGS[framework.code ?? ''] ?? (error instanceof SyntaxError ? 'invalid-json' : 'bad-request');
    const detail = slug === 'invalid-json' ? `request body is not valid JSON: ${framework.message}` : String(framework.message);
    return { body: problem(framework.statusCode, slug, detail), headers: {} };
  }
  log.error({ err: error }, 'unhandled error');
  return { body: problem(500, 'internal', 'the server failed to handle this request; it has been logged'), headers: {} };
}

/** Why each 503 was sent (the outage, or the problem's slug), for the metrics hook that counts it once the response is out. */
const unavailableCauses = new WeakMap<FastifyReply, string>();

export function unavailableCause(reply: FastifyReply): string | undefined {
  return unavailableCauses.get(reply);
}

export function sendProblem(reply: FastifyReply, body: ProblemDetails, headers: Record<string, string>): void {
  if (body.status === 503) unavailableCauses.set(reply, typeof body.outage === 'string' ? body.outage : problemSlug(body));
  void reply.code(body.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly translate: ErrorTranslator,
    private readonly log: FastifyBaseLogger,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { body, headers } = toProblem(error, this.translate, request?.log ?? this.log);
    sendProblem(reply, body, headers);
  }
}
