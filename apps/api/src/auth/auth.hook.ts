import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, ProblemException } from '../http/problem.js';
import type { AuthFailureBudget } from '../security/rate-limit.js';
import type { AccessRouteConfig } from './access.js';
import type { ApiKeyRing, KeyHolder } from './api-keys.js';

const BEARER = /^Bearer ([^\s]+)$/;

function presentedKey(request: FastifyRequest, keys: ApiKeyRing) {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  return { match, holder: match ? keys.authenticate(match[1]!) : undefined };
}

/**
 * Node keeps only the first of two Authorization headers, and a proxy in front may keep the last:
 * the two would then act for different keys. Neither is chosen.
 */
function refuseDuplicateAuthorization(request: FastifyRequest): void {
  // rawHeaders rather than headersDistinct, which Fastify's inject (the seed's client) leaves out.
  const names = request.raw.rawHeaders.filter((_, index) => index % 2 === 0);
  if (names.filter((name) => name.toLowerCase() === 'authorization').length > 1) {
    throw badRequest('the Authorization header is sent more than once', [{ field: 'Authorization', message: 'must be sent once' }]);
  }
}

async function authenticate(request: FastifyRequest, keys: ApiKeyRing, failures: AuthFailureBudget): Promise<KeyHolder> {
  const { match, holder } = presentedKey(request, keys);
  if (holder) return holder;
  // Only a failing key meets the spent budget: a valid one from the same address still works.
  await failures.refuseIfSpent(request);
  throw new ProblemException(401, 'unauthorized', match ? 'unknown API key' : 'missing Authorization: Bearer <key> header', {
    headers: { 'www-authenticate': 'Bearer' },
  });
}

/**
 * Authentication and role checks run in onRequest, before Fastify parses the body, so that the
 * contract's precedence holds: 401/403 come before 415/413/400.
 */
export function installAuthHook(fastify: FastifyInstance, keys: ApiKeyRing, failures: AuthFailureBudget): void {
  const undecided: string[] = [];
  fastify.addHook('onRoute', (route) => {
    const access = (route.config as AccessRouteConfig | undefined)?.access;
    if (!access && !route.url.startsWith('/docs')) undecided.push(`${String(route.method)} ${route.url}`);
  });
  fastify.addHook('onReady', async () => {
    if (undecided.length > 0) throw new Error(`routes without an access decision: ${undecided.join(', ')}`);
  });
  fastify.addHook('onRequest', async (request) => {
    refuseDuplicateAuthorization(request);
    const access = (request.routeOptions.config as AccessRouteConfig | undefined)?.access;
    if (access?.kind === 'public' && access.identifies) {
      const { holder } = presentedKey(request, keys);
      if (!holder && access.refusesUnknownKey && request.headers.authorization !== undefined) await authenticate(request, keys, failures);
      request.actor = holder?.actor;
    }
    if (!access || access.kind === 'public') return;
    const holder = await authenticate(request, keys, failures);
    if (!holder.actor.roles.some((role) => (access.roles as readonly string[]).includes(role))) {
      throw new ProblemException(403, 'forbidden', `this action needs one of the roles: ${access.roles.join(', ')}`);
    }
    request.actor = holder.actor;
    request.siteScope = holder.siteIds;
  });
}
