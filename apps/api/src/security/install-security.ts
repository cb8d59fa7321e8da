import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '#libs/config';
import { installCors } from './cors.js';
import { installRateLimit, type AuthFailureBudget } from './rate-limit.js';
import { installSecurityHeaders } from './security-headers.js';
import { installStrictBodyParsers } from './strict-json.js';

/**
 * Headers, CORS, rate limits and strict body parsing. Call it before the authentication hook is
 * installed and before `app.init()`: its request hooks must run ahead of authentication (so
 * 401s carry the headers, preflights pass) and its route hooks must see every route as it is
 * registered. Returns the failed-authentication budget the authentication hook consults.
 */
export async function installSecurity(app: NestFastifyApplication, config: AppConfig): Promise<AuthFailureBudget> {
  const fastify = app.getHttpAdapter().getInstance();
  installSecurityHeaders(fastify);
  await installCors(fastify, config.corsOrigins);
  const authFailures = await installRateLimit(fastify, {
    perMinute: config.rateLimitPerMinute,
    authFailuresPerMinute: config.authFailuresPerMinute,
  });
  installStrictBodyParsers(app);
  return authFailures;
}
