import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../apps/api/src/auth/roles.js';
import { SECRETS, startApi, type ApiHarness } from './support/api-harness.js';
import { aRegistration } from '#libs/battery-journey';
import { rawRequest, type RawResponse } from './support/raw-http.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

/**
 * Who may call each route. A route registered without a row here fails the walk below, so a new
 * route cannot ship without someone writing down its decision (and the auth hook refuses to start
 * a route that has no decision in code). `admin` may do everything and is implied; `any` is every
 * role, `auditor` and `authority` included.
 */
const ACCESS: Record<string, 'public' | 'any' | Exclude<Role, 'admin'>[]> = {
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  // Prometheus metrics map the deployment (routes, lag, outages): the admin key only.
  'GET /metrics': [],
  'GET /api/v1/certificates/keys': 'public',
  'GET /api/v1/certificates/:certificateId/verify': 'public',
  // The console's static files: the key is entered in the page, never needed to load it.
  'GET /console': 'public',
  'GET /console*': 'public', // /console/* (printRoutes draws the wildcard under /console's node)
  'GET /api/v1/me': 'any',
  'POST /api/v1/sites': ['operator'],
  'GET /api/v1/sites/:siteId': 'any',
  'POST /api/v1/batteries': ['operator'],
  'GET /api/v1/batteries': 'any',
  'GET /api/v1/batteries/:id': 'any',
  'POST /api/v1/batteries/:id/receipts': ['operator'],
  'POST /api/v1/batteries/:id/evaluations': ['evaluator'],
  'POST /api/v1/batteries/:id/storage': ['operator'],
  'POST /api/v1/batteries/:id/storage/release': ['operator'],
  'POST /api/v1/batteries/:id/diagnoses': ['evaluator'],
  'POST /api/v1/batteries/:id/certificates': ['certifier'],
  'POST /api/v1/batteries/:id/second-life': ['operator'],
  'POST /api/v1/batteries/:id/recycling': ['operator', 'recycler'],
  'POST /api/v1/batteries/:id/recycling/outcome': ['recycler'],
  'GET /api/v1/batteries/:id/history': 'any',
  'GET /api/v1/batteries/:id/history/verify': 'any',
  'GET /api/v1/batteries/:id/lineage': 'any',
  // Without a key: the public tier of the cellpath format only (standard formats 401, tested in passport-http).
  'GET /api/v1/batteries/:id/passport': 'public',
  'GET /api/v1/batteries/:id/passport/completeness': 'any',
  // Issue 14: the manufacturer's passport is attached by an operator; organisations are the admin's.
  'POST /api/v1/batteries/:id/passport-sources': ['operator'],
  'POST /api/v1/organisations': [],
  'GET /api/v1/organisations/:organisationId': 'any',
  // Issue 15: transfers and imports are the operator's; which partners' keys are trusted, the admin's.
  'POST /api/v1/batteries/:id/transfers': ['operator'],
  'GET /api/v1/batteries/:id/bundle': 'any',
  'GET /api/v1/batteries/:id/provenance': 'any',
  'POST /api/v1/imports': ['operator'],
  'POST /api/v1/trusted-issuers': [],
  'GET /api/v1/trusted-issuers': [],
  'GET /api/v1/batteries/:id/qr.svg': 'any',
  'GET /passport/:batteryId': 'public',
  'GET /passport/assets/noto-sans-kr.ttf': 'public',
  'GET /api/v1/certificates/:certificateId': 'any',
  'GET /api/v1/certificates/:certificateId/pdf': 'any',
  'POST /api/v1/certificates/:certificateId/revocation': ['certifier'],
  'GET /api/v1/views/inventory': 'any',
  'GET /api/v1/views/lifecycle': 'any',
  'GET /api/v1/views/grades': 'any',
  'GET /api/v1/views/circularity': 'any',
  'GET /api/v1/views/materials': 'any',
  'GET /api/v1/views/certificates': 'any',
  'GET /api/v1/admin/projections': [],
  'GET /api/v1/admin/projections/:name': [],
  'POST /api/v1/admin/projections/:name/rebuild': [],
  'POST /api/v1/admin/projections/:name/dead-letter': [],
  'GET /api/v1/log/checkpoint': 'public',
  'GET /api/v1/log/proofs/consistency': 'public',
  'GET /api/v1/log/entries': 'any',
  'GET /api/v1/log/proofs/inclusion': 'any',
  'GET /api/v1/log/audit': ['auditor'],
};

/** Swagger UI and the OpenAPI document are open by design (the auth hook exempts /docs). */
const isDocs = (url: string) => url.startsWith('/docs');

interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route Fastify serves, read from its own route table (`printRoutes` draws the radix tree:
 * each line adds its path segment to its parent's). Fastify adds a HEAD route for each GET.
 */
function routeTable(fastify: FastifyInstance): RegisteredRoute[] {
  const prefixes: string[] = [];
  return fastify
    .printRoutes({ commonPrefix: false })
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
      if (!match) throw new Error(`unexpected printRoutes line: ${JSON.stringify(line)}`);
      const depth = match[1]!.length / 4;
      const url = (depth > 0 ? prefixes[depth - 1]! : '') + match[2]!;
      prefixes.length = depth;
      prefixes.push(url);
      return (match[3] ?? '')
        .split(', ')
        .filter((method) => /^[A-Z]+$/.test(method))
        .map((method) => ({ method, url }));
    });
}

const decisionOf = ({ method, url }: RegisteredRoute) => ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'WALK-1').replace(/\*$/, 'swagger-ui.css');
const mayCall = (decision: (typeof ACCESS)[string], role: Role) =>
  role === 'admin' || decision === 'any' || (Array.isArray(decision) && (decision as Role[]).includes(role));

let api: ApiHarness;

beforeAll(async () => {
  // The route walk sends ~120 requests without a valid key; the failed-authentication budget is tested in security-limits.
  const started = await startApi('pglite', { CELLPATH_AUTH_FAILURES_PER_MINUTE: '100000' });
  if ('skip' in started) throw new Error(started.skip);
  api = started;
}, 120_000);
afterAll(() => api?.close());

describe('route access (walks the Fastify route table)', () => {
  let routes: RegisteredRoute[];
  beforeAll(() => {
    routes = routeTable(api.app.getHttpAdapter().getInstance());
  });

  /** POSTs carry a text body: an allowed caller gets 415 (after authentication), so nothing is written. */
  const call = (route: RegisteredRoute, authorization?: string) => {
    const request = api.http[route.method.toLowerCase() as 'get' | 'post' | 'head'](concrete(route.url));
    if (authorization !== undefined) request.set('Authorization', authorization);
    return route.method === 'POST' ? request.set('content-type', 'text/plain').send('walk') : request;
  };
  const keyed = () => routes.filter((route) => !isDocs(route.url) && decisionOf(route) !== 'public');

  test('every registered route has a recorded decision, and every recorded route is registered', () => {
    const undecided = routes.filter((route) => !isDocs(route.url) && decisionOf(route) === undefined).map((r) => `${r.method} ${r.url}`);
    expect(undecided).toEqual([]);
    const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(ACCESS).filter((route) => !registered.has(route))).toEqual([]);
    expect(routes.length).toBeGreaterThan(Object.keys(ACCESS).length);
  });

  test('every route that needs a key answers 401 problem+json without one, or with an unknown one', async () => {
    const answers: string[] = [];
    for (const route of keyed()) {
      for (const authorization of [undefined, 'Bearer not-a-key']) {
        const response = await call(route, authorization);
        // HEAD answers have no body, so only their status is checked.
        if (response.status !== 401 || (route.method !== 'HEAD' && response.headers['content-type'] !== PROBLEM)) {
          answers.push(`${route.method} ${route.url} (${authorization ?? 'no key'}): ${response.status}`);
        }
      }
    }
    expect(answers).toEqual([]);
  });

  test('each role gets 403 exactly where the table denies it; admin is never refused', async () => {
    const mismatches: string[] = [];
    for (const route of keyed()) {
      for (const role of ROLES) {
        const response = await call(route, `Bearer ${SECRETS[role]}`);
        const allowed = mayCall(decisionOf(route)!, role);
        const refused = response.status === 401 || response.status === 403;
        if (allowed === refused || (!allowed && response.status !== 403))
          mismatches.push(`${route.method} ${route.url} as ${role}: ${response.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('open routes (health, certificate verification and keys, /docs) answer without a key', async () => {
    const refused: string[] = [];
    for (const route of routes.filter((r) => isDocs(r.url) || decisionOf(r) === 'public')) {
      const response = await call(route);
      if (response.status === 401 || response.status === 403 || response.status >= 500)
        refused.push(`${route.method} ${route.url}: ${response.status}`);
    }
    expect(refused).toEqual([]);
  });
});

describe('duplicate Authorization headers', () => {
  /** One header line per value: superagent hands an array to setHeader, though its types allow that for Cookie only. */
  const lines = (...values: string[]) => values as unknown as string;

  test('are 400 problem+json on every route, whichever keys they carry, and nothing is written', async () => {
    const { operator, auditor } = SECRETS;
    const registration = aRegistration();
    // Node would keep the first (operator, allowed to register); a proxy might act on the last.
    const twice = await api.http
      .post('/api/v1/batteries')
      .set('Authorization', lines(`Bearer ${operator}`, `Bearer ${auditor}`))
      .send(registration);
    expect(twice.status).toBe(400);
    expect(twice.headers['content-type']).toBe(PROBLEM);
    expect(twice.body.errors).toEqual([{ field: 'Authorization', message: 'must be sent once' }]);
    await api.http.get(`/api/v1/batteries/${registration.batteryId}`).set(api.bearer('auditor')).expect(404);

    await api.http
      .get('/api/v1/views/lifecycle')
      .set('Authorization', lines(`Bearer ${auditor}`, `Bearer ${auditor}`))
      .expect(400);
    await api.http
      .get('/api/v1/certificates/keys')
      .set('Authorization', lines(`Bearer ${auditor}`, 'Bearer x'))
      .expect(400);
    await api.http.get('/api/v1/views/lifecycle').set('Authorization', `Bearer ${auditor}`).expect(200);
  });
});

describe("requests Node's HTTP parser refuses before Fastify (sent over a raw socket)", () => {
  const server = () => api.app.getHttpServer();
  const expectProblem = (response: RawResponse, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers).toMatchObject({
      'content-type': PROBLEM,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      connection: 'close',
    });
    const body = JSON.parse(response.body);
    expect(body).toEqual({
      type: expect.stringMatching(/^https:\/\/cellpath\.dev\/problems\//),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
    return body as { detail: string };
  };

  test('a control character in Idempotency-Key is 400 problem+json, and nothing is written', async () => {
    const registration = JSON.stringify(aRegistration({ batteryId: 'RAW-CTL-1' }));
    const response = await rawRequest(
      server(),
      [
        'POST /api/v1/batteries HTTP/1.1',
        'Host: localhost',
        `Authorization: Bearer ${SECRETS.operator}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(registration)}`,
        'Idempotency-Key: retry\u0001-1',
        '',
        registration,
      ].join('\r\n'),
    );
    expect(expectProblem(response, 400).detail).toMatch(/header/);
    await api.http.get('/api/v1/batteries/RAW-CTL-1').set(api.bearer('auditor')).expect(404);
  });

  test('headers over 16 KiB are 431 and a broken request line is 400, both problem+json; the server goes on', async () => {
    expectProblem(await rawRequest(server(), `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`), 431);
    expectProblem(await rawRequest(server(), 'HELLO THERE\r\n\r\n'), 400);
    await api.http.get('/health').expect(200);
  });

  test("the router's own refusals (an id past 1000 characters, broken percent-encoding) carry the security headers too", async () => {
    for (const [id, status] of [
      ['B'.repeat(2000), 414],
      ['%zz', 400],
    ] as const) {
      const response = await api.http.get(`/api/v1/batteries/${id}`).set(api.bearer('auditor'));
      expect(response.status).toBe(status);
      expect(response.headers).toMatchObject({ 'content-type': PROBLEM, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    }
  });
});

describe('security headers', () => {
  const expectHardened = (headers: Record<string, string>) => {
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    });
    expect(headers).not.toHaveProperty('x-powered-by');
  };

  test('JSON answers, errors included, forbid sniffing, framing and loading anything', async () => {
    const answers = [
      await api.http.get('/api/v1/views/lifecycle').set(api.bearer('auditor')).expect(200),
      await api.http.get('/api/v1/sites/NOPE').set(api.bearer('auditor')).expect(404),
      await api.http.get('/api/v1/sites/NOPE').expect(401),
      await api.http.post('/api/v1/sites').set(api.bearer('operator')).set('content-type', 'text/plain').send('x').expect(415),
      await api.http.get('/health').expect(200),
    ];
    for (const { headers } of answers) {
      expectHardened(headers);
      expect(headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    }
  });

  test('/docs works under its own policy: same-origin scripts and styles only, no inline script', async () => {
    const page = await api.http.get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expectHardened(page.headers);
    const policy = Object.fromEntries(
      page.headers['content-security-policy']!.split(';').map((d: string) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(policy).toMatchObject({
      'script-src': ["'self'"],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
    });
    // Everything the page loads must be same-origin and answer, and no script may be inline.
    const html = page.text;
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>\s*\S/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      // Resolved as a browser would against the page's own URL.
      await api.http.get(new URL(asset, 'http://x/docs').pathname).expect(200);
    }
    const spec = await api.http.get('/docs-json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
  });
});

describe('CORS off by default (CORS_ORIGINS unset)', () => {
  test('no answer carries Access-Control-Allow-Origin and preflights find nothing', async () => {
    const read = await api.http
      .get('/api/v1/views/lifecycle')
      .set(api.bearer('auditor'))
      .set('Origin', 'https://console.example')
      .expect(200);
    expect(read.headers).not.toHaveProperty('access-control-allow-origin');
    const preflight = await api.http
      .options('/api/v1/batteries')
      .set('Origin', 'https://console.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(404);
    expect(preflight.headers).not.toHaveProperty('access-control-allow-origin');
  });
});

describe('strict request bodies (ahead of validation)', () => {
  const post = (body: string | Buffer, contentType = 'application/json') =>
    api.http
      .post('/api/v1/batteries/B-1/storage/release')
      .set(api.bearer('operator'))
      .set('content-type', contentType)
      // superagent sends a Buffer as is, though its types say string.
      .serialize((raw: string | Buffer) => raw as string)
      .send(body);

  test.each([
    ['form body (browsers send it cross-origin without a preflight)', 'reason=picked', 'application/x-www-form-urlencoded', 415],
    ['a charset other than UTF-8', '{"reason":"picked"}', 'application/json; charset=latin1', 415],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from('{"reason":"pick'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
      'application/json',
      400,
    ],
    ['10 000 nested arrays', `{"reason":"picked","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'application/json', 400],
    ['a key naming an Object.prototype member', '{"reason":"picked","hasOwnProperty":1}', 'application/json', 400],
    ['a key named prototype', '{"reason":"picked","prototype":{"polluted":true}}', 'application/json', 400],
    ['a null for an optional field', '{"reason":"picked","occurredAt":null}', 'application/json', 400],
  ])('%s is refused before it reaches the command (%#)', async (_what, body, contentType, status) => {
    const response = await post(body, contentType);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe(PROBLEM);
  });

  test('a member named twice is 400 with its path, and nothing is written under either value', async () => {
    const registration = aRegistration({ batteryId: 'DUP-LAST' });
    // A reader sees DUP-FIRST; JSON.parse (and so the command) would take DUP-LAST.
    const body = JSON.stringify(registration).replace('{', '{"batteryId":"DUP-FIRST",');
    const response = await api.http
      .post('/api/v1/batteries')
      .set(api.bearer('operator'))
      .set('content-type', 'application/json')
      .send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(response.body.errors).toEqual([{ field: 'batteryId', message: expect.stringContaining('twice') }]);
    for (const id of ['DUP-FIRST', 'DUP-LAST']) await api.http.get(`/api/v1/batteries/${id}`).set(api.bearer('auditor')).expect(404);

    const nested = await post('{"reason":"picked","occurredAt":"2025-01-01T00:00:00Z","x":[{"a":1,"\\u0061":2}]}');
    expect(nested.status).toBe(400);
    expect(nested.body.errors).toEqual([{ field: 'x.0.a', message: expect.stringContaining('twice') }]);
  });

  test('brackets and escaped quotes inside strings do not count as nesting, and UTF-8 text passes', async () => {
    const response = await post(JSON.stringify({ reason: `${'['.repeat(40)} "\\" 울산 🔋` }));
    // Past the parser: the battery does not exist.
    expect(response.status).toBe(404);
  });
});
