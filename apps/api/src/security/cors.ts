import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AccessRouteConfig } from '../auth/access.js';

const REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Request-Id'];
const RESPONSE_HEADERS = [
  'ETag',
  'Location',
  'Retry-After',
  'X-Request-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

/**
 * Off unless CORS_ORIGINS names origins: without it no response carries
 * Access-Control-Allow-Origin, so browsers on other origins cannot read answers. Listed origins
 * (exact matches) may call with a bearer key; no cookies are used, so credentials stay off.
 * Preflights are answered in an onRequest hook ahead of authentication (browsers send them
 * without the Authorization header); the catch-all OPTIONS route they need is marked public.
 */
export async function installCors(fastify: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  fastify.addHook('onRoute', (route) => {
    if (route.method === 'OPTIONS' && route.url === '*')
      route.config = { ...route.config, ...({ access: { kind: 'public' } } satisfies AccessRouteConfig) };
  });
  await fastify.register(cors, {
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: REQUEST_HEADERS,
    exposedHeaders: RESPONSE_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}
