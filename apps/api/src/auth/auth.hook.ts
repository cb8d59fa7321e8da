import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemException } from '../http/problem.js';
import type { AccessRouteConfig } from './access.js';
import type { ApiKeyRing } from './api-keys.js';

const BEARER = /^Bearer ([^\s]+)$/;

function authenticate(request: FastifyRequest, keys: ApiKeyRing) {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  const actor = match ? keys.authenticate(match[1]!) : undefined;
  if (!actor) {
    throw new ProblemException(401, 'unauthorized', match ? 'unknown API key' : 'missing Authorization: Bearer <key> header', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  return actor;
}

/**
 * Authentication and role checks run in onRequest, before Fastify parses the body, so that the
 * contract's precedence holds: 401/403 come before 415/413/400.
 */
export function installAuthHook(fastify: FastifyInstance, keys: ApiKeyRing): void {
  const undecided: string[] = [];
  fastify.addHook('onRoute', (route) => {
    const access = (route.config as AccessRouteConfig | undefined)?.access;
    if (!access && !route.url.startsWith('/docs')) undecided.push(`${String(route.method)} ${route.url}`);
  });
  fastify.addHook('onReady', async () => {
    if (undecided.length > 0) throw new Error(`routes without an access decision: ${undecided.join(', ')}`);
  });
  fastify.addHook('onRequest', async (request) => {
    const access = (request.routeOptions.config as AccessRouteConfig | undefined)?.access;
    if (!access || access.kind === 'public') return;
    const actor = authenticate(request, keys);
    if (!actor.roles.some((role) => (access.roles as readonly string[]).includes(role))) {
      throw new ProblemException(403, 'forbidden', `this action needs one of the roles: ${access.roles.join(', ')}`);
    }
    request.actor = actor;
  });
}
