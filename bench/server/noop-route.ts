import type { FastifyInstance } from 'fastify';
import type { AccessRouteConfig } from '../../apps/api/src/index.js';

/** Only the bench server has it: a route that parses the same body and answers, doing nothing else. */
export const NOOP_PATH = '/bench/noop';

/** Public like `@Public()`, so the authentication hook lets it through without a key. */
export function registerNoopRoute(fastify: FastifyInstance): void {
  const config: AccessRouteConfig = { access: { kind: 'public' } };
  fastify.post(NOOP_PATH, { config }, async (_request, reply) => reply.code(201).send({ ok: true }));
}
