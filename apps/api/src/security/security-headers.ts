import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The API answers JSON and PDF only: nothing in a response may load, run or frame anything. */
const API_POLICY = {
  useDefaults: false,
  directives: { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'none'"] },
};

/**
 * Swagger UI at /docs loads its scripts and styles from /docs itself, writes inline styles and
 * data: icons, and fetches /docs-json. Nothing from another origin, no inline script.
 */
const DOCS_POLICY = {
  useDefaults: false,
  directives: {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  },
};

/**
 * Helmet's headers on every response, errors included (its hook runs before authentication),
 * with a Content-Security-Policy scoped per route: deny-all for the API, relaxed for /docs.
 * Must be installed before the routes are registered, since the scope is set as each one is.
 */
export async function installSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...route.config, ...{ helmet: { contentSecurityPolicy: DOCS_POLICY } } };
  });
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: API_POLICY,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
