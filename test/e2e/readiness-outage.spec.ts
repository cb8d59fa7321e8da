/**
 * Readiness through a real outage: the API talks to PostgreSQL through a relay, the relay is cut
 * (open connections destroyed, new ones refused, as when the server restarts or the network drops),
 * then restored. No store is mocked.
 */
import { openPostgres, type Database } from '#libs/database';
import { relayPostgres, type CuttableProxy } from '../reliability/support/cuttable-proxy.js';
import { waitFor } from '../support/async.js';
import { postgresTarget } from '../support/targets.js';
import { startApi, type ApiHarness } from './support/api-harness.js';
import { scrape } from './support/metrics-scrape.js';

const probe = await postgresTarget();
if ('stop' in probe) await probe.stop();
const skip = 'skip' in probe ? probe.skip : undefined;
if (skip) console.warn(`SKIPPED readiness during a PostgreSQL outage: ${skip}`);

(skip ? describe.skip : describe)('readiness during a PostgreSQL outage [postgres]', () => {
  let api: ApiHarness;
  let proxy: CuttableProxy;
  let database: Database;
  let stopTarget = async () => {};

  beforeAll(async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    stopTarget = target.stop;
    const relayed = await relayPostgres(target.url);
    proxy = relayed.proxy;
    database = await openPostgres(relayed.url);
    api = (await startApi('postgres', {}, database)) as ApiHarness;
  }, 120_000);

  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await api?.close();
    await database?.close();
    await proxy?.close();
    await stopTarget();
  });

  const ready = () => api.http.get('/health/ready');

  test('ready, then not ready while the store is unreachable (live stays up, /metrics still answers), then ready again', async () => {
    expect((await ready().expect(200)).body).toEqual({ status: 'ok' });

    await proxy.cut();
    const down = await ready().set(api.bearer('auditor')).expect(503);
    expect(down.body).toMatchObject({ type: 'https://cellpath.dev/problems/not-ready', status: 503 });
    expect(down.body.error).toMatchObject({ eventStore: { status: 'down' }, readModels: { status: 'down' } });
    expect((await ready().expect(503)).body.details).toBeUndefined();
    expect((await api.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    // A command during the outage: 503 with the outage as its cause.
    const refused = await api.http.get('/api/v1/batteries/B-OUTAGE').set(api.bearer('auditor')).expect(503);
    expect(refused.body).toMatchObject({ type: 'https://cellpath.dev/problems/store-unavailable', outage: 'unreachable' });

    const during = await scrape(api);
    expect(during.value('cellpath_http_unavailable_total', { cause: 'not-ready' })).toBe(2);
    expect(during.value('cellpath_http_unavailable_total', { cause: 'unreachable' })).toBe(1);
    // The lag cannot be measured without the store: NaN, not a reassuring 0.
    expect(during.value('cellpath_transparency_log_lag_events')).toBeNaN();

    await proxy.restore();
    await waitFor('readiness after the store is back', async () => (await ready()).status === 200, 30_000);
    expect((await ready().expect(200)).body).toEqual({ status: 'ok' });
  });
});
