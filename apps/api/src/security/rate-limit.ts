import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessRouteConfig } from '../auth/access.js';
import { ProblemException } from '../http/problem.js';

export interface RateLimits {
  /** Requests per minute for one API key, or one client address on the open routes. */
  perMinute: number;
  /** 401 answers per minute one client address may earn before its keyed requests get 429. */
  authFailuresPerMinute: number;
}

const WINDOW_MS = 60_000;

function tooManyRequests(ttlMs: number, detail: string): ProblemException {
  const seconds = String(Math.max(1, Math.ceil(ttlMs / 1000)));
  return new ProblemException(429, 'rate-limited', `${detail}; retry in ${seconds} s`, { headers: { 'retry-after': seconds } });
}

/** IPv6 addresses count per /64 (the plugin's default), since one host usually holds a whole /64. */
const clientAddress = (request: FastifyRequest) => `address:${normalizeIP(request.ip)}`;
const needsKey = (request: FastifyRequest) => (request.routeOptions.config as AccessRouteConfig | undefined)?.access?.kind === 'roles';

/**
 * Two budgets, both per process and per minute:
 * - requests, counted per API key id (the secret never becomes a bucket name) once the
 *   authentication hook has identified it; the open routes count per client address. Fastify
 *   runs this plugin's route-level hook after the instance-level authentication hook, so
 *   `request.actor` is set by then, and a rejected key never reaches it.
 * - failed authentications per client address, so keys cannot be guessed at full speed. They
 *   are counted when a 401 is sent and checked before authentication, which is why this must be
 *   installed before the authentication hook; once spent, that address gets 429 on every route
 *   that needs a key until the window ends.
 */
export async function installRateLimit(fastify: FastifyInstance, limits: RateLimits): Promise<void> {
  await fastify.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: limits.perMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => (request.actor ? `key:${request.actor.keyId}` : clientAddress(request)),
    errorResponseBuilder: (request, context) =>
      tooManyRequests(context.ttl, `more than ${context.max} requests a minute for this ${request.actor ? 'API key' : 'client address'}`),
  });
  const failures = fastify.createRateLimit({ max: limits.authFailuresPerMinute, timeWindow: WINDOW_MS, keyGenerator: (request) => `failed-${clientAddress(request)}` });
  fastify.addHook('onRequest', async (request) => {
    if (!needsKey(request)) return;
    const spent = await failures(request, { increment: false });
    if (!spent.isAllowed && spent.remaining === 0) {
      throw tooManyRequests(spent.ttl, `the ${spent.max} failed authentications a minute allowed from this client address are spent`);
    }
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401) await failures(request);
  });
}
