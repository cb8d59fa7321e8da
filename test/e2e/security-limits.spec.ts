import { startApi, type ApiHarness } from './support/api-harness.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const CONSOLE = 'https://console.example';

/**
 * One app with tiny budgets (5 requests a minute per key or client address, 3 failed
 * authentications) and CORS on for two origins. The tests share those budgets within one
 * minute, so they run in order; each uses keys no earlier test spent, or reads what is left.
 */
let api: ApiHarness;

beforeAll(async () => {
  const started = await startApi('pglite', {
    CELLPATH_RATE_LIMIT_PER_MINUTE: '5',
    CELLPATH_AUTH_FAILURES_PER_MINUTE: '3',
    CORS_ORIGINS: `${CONSOLE}, https://second.example`,
  });
  if ('skip' in started) throw new Error(started.skip);
  api = started;
}, 120_000);
afterAll(() => api?.close());

function expectTooManyRequests(response: { status: number; headers: Record<string, string>; body: { detail: string } }, bucket: RegExp) {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toBe(PROBLEM);
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(response.body.detail).toMatch(bucket);
}

describe('CORS on for the origins in CORS_ORIGINS', () => {
  test('a listed origin gets its preflight answered without a key, with the headers the API reads', async () => {
    const preflight = await api.http
      .options('/api/v1/batteries/B-1/evaluations')
      .set('Origin', CONSOLE)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key, if-match');
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': CONSOLE, 'access-control-max-age': '600' });
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toEqual(expect.stringContaining('Idempotency-Key'));
    expect(preflight.headers).not.toHaveProperty('access-control-allow-credentials');
  });

  test('listed origins may read answers (errors included), others may not', async () => {
    for (const origin of [CONSOLE, 'https://second.example']) {
      const read = await api.http.get('/api/v1/sites/NOPE').set(api.bearer('certifier')).set('Origin', origin).expect(404);
      expect(read.headers['access-control-allow-origin']).toBe(origin);
      expect(read.headers['access-control-expose-headers']).toEqual(expect.stringContaining('ETag'));
    }
    const unauthenticated = await api.http.get('/api/v1/sites/NOPE').set('Origin', CONSOLE).expect(401);
    expect(unauthenticated.headers['access-control-allow-origin']).toBe(CONSOLE);
    const stranger = await api.http
      .get('/api/v1/sites/NOPE')
      .set(api.bearer('certifier'))
      .set('Origin', 'https://evil.example')
      .expect(404);
    expect(stranger.headers).not.toHaveProperty('access-control-allow-origin');
    // Answered, but without the header a browser needs to go on with the request.
    const strangerPreflight = await api.http
      .options('/api/v1/batteries')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(strangerPreflight.status).toBeLessThan(500);
    expect(strangerPreflight.headers).not.toHaveProperty('access-control-allow-origin');
  });
});

describe('rate limits', () => {
  test('each API key has its own budget, counted after authentication and roles', async () => {
    for (let i = 1; i <= 5; i++) {
      const response = await api.http.get('/api/v1/sites/NOPE').set(api.bearer('operator')).expect(404);
      expect(response.headers).toMatchObject({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': String(5 - i) });
    }
    const sixth = await api.http.get('/api/v1/sites/NOPE').set(api.bearer('operator'));
    expectTooManyRequests(sixth, /requests a minute for this API key/);
    // Another key is not affected by the first one's spending.
    await api.http.get('/api/v1/sites/NOPE').set(api.bearer('auditor')).expect(404);
    // The role check runs before the budget: a refused role is still 403, not 429.
    await api.http.post('/api/v1/batteries/B-1/evaluations').set(api.bearer('operator')).send({}).expect(403);
  });

  test('the open routes count per client address', async () => {
    const first = await api.http.get('/api/v1/certificates/keys').expect(200);
    const left = Number(first.headers['x-ratelimit-remaining']);
    for (let i = 0; i < left; i++) await api.http.get('/api/v1/certificates/keys').expect(200);
    expectTooManyRequests(await api.http.get('/api/v1/certificates/keys'), /requests a minute for this client address/);
    expectTooManyRequests(await api.http.get('/health'), /requests a minute for this client address/);
  });

  test('failed authentications are limited per client address, then its failing keys get 429 for the window, valid keys still pass', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4 && !statuses.includes(429); i++)
      statuses.push((await api.http.get('/api/v1/sites/NOPE').set('Authorization', `Bearer guess-${i}`)).status);
    // The CORS test above already spent one of the three.
    expect(statuses).toEqual([401, 401, 429]);
    expectTooManyRequests(
      await api.http.get('/api/v1/sites/NOPE').set('Authorization', 'Bearer guess-4'),
      /failed authentications a minute allowed from this client address are spent/,
    );
    expectTooManyRequests(await api.http.get('/api/v1/sites/NOPE'), /failed authentications/);
    // A valid key from the same address still works: someone guessing behind a shared NAT
    // address must not lock the centre out. Only failing keys meet the spent budget.
    await api.http.get('/api/v1/sites/NOPE').set(api.bearer('recycler')).expect(404);
    expectTooManyRequests(await api.http.get('/api/v1/sites/NOPE').set('Authorization', 'Bearer guess-5'), /failed authentications/);
    // The passport is open without a key, but a key sent must be valid: guesses there meet the budget too.
    expectTooManyRequests(
      await api.http.get('/api/v1/batteries/NOPE/passport').set('Authorization', 'Bearer guess-6'),
      /failed authentications/,
    );
    // Open routes stay under their own budget.
    expect((await api.http.get('/api/v1/certificates/NOPE/verify')).status).not.toBe(401);
  });
});
