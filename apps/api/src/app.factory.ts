import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '#libs/config';
import { ApiKeyRing, parseApiKeys } from './auth/api-keys.js';
import { ApiKeysFileWatcher } from './auth/api-keys-watch.js';
import { installAuthHook } from './auth/auth.hook.js';
import { AppModule } from './app.module.js';
import { clientErrorHandler } from './http/client-errors.js';
import { translateDomainError } from './http/domain-errors.js';
import { NestPinoLogger, RequestLogController, requestIdFrom } from './http/logging.js';
import { ProblemFilter, sendProblem, toProblem } from './http/problem.filter.js';
import { strictValidationPipe } from './http/validation.js';
import type { Infrastructure } from './infrastructure.js';
import { installHttpMetrics } from './metrics/http-metrics.js';
import { installSecurity } from './security/install-security.js';
import { API_SECURITY_HEADERS } from './security/security-headers.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

function installFastifyHooks(fastify: FastifyInstance): void {
  // Only JSON bodies are accepted; everything else is 415 rather than a string handed to validation.
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}

function installOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Cellpath API')
    .setDescription('Event-sourced traceability of used EV batteries through their second life (contract v1).')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key from API_KEYS (roles:secret) or API_KEYS_FILE (named keys)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * The keys of `apiKeys` (API_KEYS' syntax) and of API_KEYS_FILE, which is then re-read while the
 * server runs, until it closes. A bad file stops the start (ConfigError).
 */
async function keyRing(config: AppConfig, apiKeys: string | undefined, fastify: FastifyInstance, log: Logger): Promise<ApiKeyRing> {
  const ring = new ApiKeyRing(apiKeys === undefined ? [] : parseApiKeys(apiKeys, { production: config.production }));
  if (config.apiKeysFile) {
    const watcher = new ApiKeysFileWatcher(config.apiKeysFile, ring, log, config.production);
    await watcher.start();
    fastify.addHook('onClose', () => watcher.stop());
  }
  return ring;
}

/**
 * Builds the HTTP app around infrastructure opened by the caller (main.ts or a test). `apiKeys`:
 * API_KEYS' value; undefined when only API_KEYS_FILE gives keys.
 */
export async function createApp(
  config: AppConfig,
  infrastructure: Infrastructure,
  apiKeys: string | undefined,
): Promise<NestFastifyApplication> {
  const log = infrastructure.log;
  const adapter = new FastifyAdapter({
    loggerInstance: log,
    logController: new RequestLogController(),
    bodyLimit: BODY_LIMIT_BYTES,
    // Ids are at most 100 characters; longer ones must reach the id check (400), not Fastify's 414.
    routerOptions: { maxParamLength: 1000 },
    genReqId: requestIdFrom,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Requests Node's parser refuses before Fastify (a control character in a header) too.
    clientErrorHandler: clientErrorHandler(log),
    // Router-level refusals (an id past maxParamLength, broken percent-encoding) are problem+json too.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const { body, headers } = toProblem(error, translateDomainError, log);
      // No request hook runs for these, so the security headers are set here.
      sendProblem(reply.headers(API_SECURITY_HEADERS), body, headers);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, infrastructure), adapter, {
    logger: new NestPinoLogger(log),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const authFailures = await installSecurity(app, config);
  installAuthHook(fastify, await keyRing(config, apiKeys, fastify, log), authFailures);
  installFastifyHooks(fastify);
  installHttpMetrics(fastify, infrastructure.metrics);
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter(translateDomainError, log));
  app.enableShutdownHooks();
  installOpenApi(app);
  return app;
}
