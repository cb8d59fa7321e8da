import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/** The failed-authentication budget, consulted by the authentication hook when a key fails. */
export interface AuthFailureBudget {
  /** Throws 429 when the request's client address has spent its failed authentications. */
  refuseIfSpent(request: FastifyRequest): Promise<void>;
}

/**
 * Two budgets, both per process and per minute:
 * - requests, counted per API key id (the secret never becomes a bucket name) once the
 *   authentication hook has identified it; the open routes count per client address. Fastify
 *   runs this plugin's route-level hook after the instance-level authentication hook, so
 *   `request.actor` is set by then, and a rejected key never reaches it.
 * - failed authentications per client address. They are counted when a 401 is sent; once spent,
 *   a request from that address whose key fails gets 429 instead of 401 until the window ends.
 *   A valid key from that address still works: behind one NAT or proxy address, someone else's
 *   guessing must not lock a centre out (the budget used to refuse every key).
 */
export async function installRateLimit(fastify: FastifyInstance, limits: RateLimits): Promise<AuthFailureBudget> {
  await fastify.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: limits.perMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => (request.actor ? `key:${request.actor.keyId}` : clientAddress(request)),
    errorResponseBuilder: (request, context) =>
      tooManyRequests(context.ttl, `more than ${context.max} requests a minute for this ${request.actor ? 'API key' : 'client address'}`),
  });
  const failures = fastify.createRateLimit({
    max: limits.authFailuresPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `failed-${clientAddress(request)}`,
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401) await failures(request);
  });
  return {
    async refuseIfSpent(request) {
      const spent = await failures(request, { increment: false });
      if (!spent.isAllowed && spent.remaining === 0) {
        throw tooManyRequests(spent.ttl, `the ${spent.max} failed authentications a minute allowed from this client address are spent`);
      }
    },
  };
}
