import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

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

const OPTIONS: HelmetOptions = { frameguard: { action: 'deny' }, referrerPolicy: { policy: 'no-referrer' } };

/**
 * What helmet sets for these options. Its headers depend on the options only, never on the
 * request, so they are worked out once: running helmet's middleware per request cost about 8 %
 * of the API's CPU under load (bench/http.bench.ts --profile-server).
 */
function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.freeze(headers);
}

/** The headers of every API answer, also those written on the socket before Fastify (client-errors.ts). */
export const API_SECURITY_HEADERS = helmetHeaders({ ...OPTIONS, contentSecurityPolicy: API_POLICY });

/**
 * Helmet's headers on every response, errors included (the hook runs before authentication),
 * with a Content-Security-Policy per route: deny-all for the API, relaxed for /docs.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const api = API_SECURITY_HEADERS;
  const docs = helmetHeaders({ ...OPTIONS, contentSecurityPolicy: DOCS_POLICY });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.routeOptions.url?.startsWith('/docs') ? docs : api);
    done();
  });
}
