/**
 * Metrics and health over HTTP on the real app: GET /metrics (admin key) after real requests,
 * liveness, readiness and the public /health. Outages and draining: readiness-outage.spec.ts and
 * readiness-process.spec.ts.
 */
import { httpCommand, journey } from '#libs/battery-journey';
import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';
import { scrape } from './support/metrics-scrape.js';
import { waitFor } from '../support/async.js';

const LATENCY = 'cellpath_http_request_duration_seconds_count';

describeOnStores('metrics and health over HTTP', (api) => {
  const steps = () => lifecycleSteps(api());

  test('/metrics is for the admin key only, in the Prometheus text format', async () => {
    await api().http.get('/metrics').expect(401);
    await api().http.get('/metrics').set(api().bearer('auditor')).expect(403);
    const { response } = await scrape(api());
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toContain('# TYPE cellpath_http_request_duration_seconds histogram');
    expect(response.text).toContain('process_cpu_seconds_total');
  });

  test('a request is timed under its route template and status class, never its raw URL', async () => {
    const before = (await scrape(api())).value(LATENCY, { method: 'GET', route: '/api/v1/batteries/:id', status_class: '4xx' }) ?? 0;
    await steps().battery('B-METRICS-404').expect(404);
    const after = await scrape(api());
    expect(after.value(LATENCY, { method: 'GET', route: '/api/v1/batteries/:id', status_class: '4xx' })).toBe(before + 1);
    expect(after.response.text).not.toContain('B-METRICS-404');
    expect(after.value('cellpath_http_request_duration_seconds_bucket', { route: '/api/v1/batteries/:id', le: '+Inf' })).toBeGreaterThan(0);
  });

  test('an unknown path is counted under one "unmatched" route, so scanners add no label values', async () => {
    await api().http.get('/wp-admin/setup.php').expect(404);
    await api().http.get('/.env').expect(404);
    const { samples } = await scrape(api());
    const routes = new Set(samples.filter((s) => s.name === LATENCY).map((s) => s.labels.route));
    expect(routes).toContain('unmatched');
    expect([...routes].filter((route) => route.includes('wp-admin') || route.includes('.env'))).toEqual([]);
  });

  test('appends are measured by the event store hook: events per append and per group-committed INSERT', async () => {
    const before = await scrape(api());
    expect((await steps().register()).response.status).toBe(201);
    const after = await scrape(api());
    expect(after.value('cellpath_event_store_append_events_count')).toBe(
      (before.value('cellpath_event_store_append_events_count') ?? 0) + 1,
    );
    expect(after.value('cellpath_event_store_append_events_sum')).toBe((before.value('cellpath_event_store_append_events_sum') ?? 0) + 1);
    // The registration has no caller-chosen event ids: it goes through the group-commit INSERT path.
    expect(after.value('cellpath_event_store_group_commit_events_count')).toBe(
      (before.value('cellpath_event_store_group_commit_events_count') ?? 0) + 1,
    );
    expect(after.value('cellpath_event_store_group_commit_appends_sum')).toBe(
      (before.value('cellpath_event_store_group_commit_appends_sum') ?? 0) + 1,
    );
  });

  test('an idempotent replay is counted, a first request is not', async () => {
    const replays = async () => (await scrape(api())).value('cellpath_idempotency_replays_total')!;
    const start = await replays();
    const { path, role, body } = httpCommand(journey.register());
    const send = () => steps().post(path, role, body, { 'idempotency-key': `metrics-${String(body.batteryId)}` });
    await send().expect(201);
    expect(await replays()).toBe(start);
    await send().expect(201);
    expect(await replays()).toBe(start + 1);
  });

  test('a 503 is counted by its cause (a view behind the position asked for)', async () => {
    const cause = { cause: 'view-behind' };
    const before = (await scrape(api())).value('cellpath_http_unavailable_total', cause) ?? 0;
    await api().http.get('/api/v1/views/lifecycle').query({ minPosition: '999999999999999999' }).set(api().bearer('auditor')).expect(503);
    const after = await scrape(api());
    expect(after.value('cellpath_http_unavailable_total', cause)).toBe(before + 1);
    expect(after.value(LATENCY, { route: '/api/v1/views/lifecycle', status_class: '5xx' })).toBeGreaterThanOrEqual(1);
  });

  test('PDF renders are counted and timed; a cached PDF is no render', async () => {
    const renders = async () => (await scrape(api())).value('cellpath_pdf_render_duration_seconds_count', { outcome: 'ok' }) ?? 0;
    const { id } = await steps().certifiableBattery();
    const { certificateId } = (await steps().certify(id).expect(201)).body as { certificateId: string };
    const start = await renders();
    for (let i = 0; i < 2; i++) await api().http.get(`/api/v1/certificates/${certificateId}/pdf`).set(api().bearer('auditor')).expect(200);
    expect(await renders()).toBe(start + 1);
    expect((await scrape(api())).value('cellpath_pdf_render_duration_seconds_sum', { outcome: 'ok' })).toBeGreaterThan(0);
  });

  test('log and projection lag are measured at scrape time and fall back to 0 once caught up', async () => {
    expect((await steps().register()).response.status).toBe(201);
    await waitFor('the log and the projections to catch up', async () => {
      const metrics = await scrape(api());
      return (
        metrics.value('cellpath_transparency_log_lag_events') === 0 &&
        metrics.value('cellpath_projection_lag_events', { projection: 'batteries' }) === 0 &&
        metrics.value('cellpath_projection_lag_events', { projection: 'sites' }) === 0
      );
    });
  });

  test('liveness is {status: "ok"}; readiness and /health show only {status} without a key, their checks with one', async () => {
    expect((await api().http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await api().http.get('/health/ready').expect(200)).body).toEqual({ status: 'ok' });
    expect((await api().http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await api().http.get('/health/ready').set(api().bearer('auditor')).expect(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['draining', 'eventStore', 'readModels', 'transparencyLog']);
    expect(ready.body.details.draining).toEqual({ status: 'up', draining: false });
  });

  // Last: it breaks the log for the rest of this harness's life, as a real tampering would.
  test('a failed log self-audit makes readiness fail (and /health), with the reason for key holders only', async () => {
    const { id } = await steps().register();
    await waitFor('the registration in the log', async () => (await api().infrastructure.transparencyLog.pendingEvents()) === 0);
    await api().infrastructure.database.query('delete from events where stream_id = $1', [id]);
    expect((await api().http.get('/api/v1/log/audit').set(api().bearer('auditor')).expect(200)).body.consistent).toBe(false);
    const anonymous = await api().http.get('/health/ready').expect(503);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.body).toMatchObject({ type: 'https://cellpath.dev/problems/not-ready', status: 503 });
    expect(anonymous.body.details).toBeUndefined();
    const detailed = await api().http.get('/health/ready').set(api().bearer('auditor')).expect(503);
    expect(detailed.body.error.transparencyLog).toMatchObject({ status: 'down', audit: { state: 'failed' } });
    await api().http.get('/health').expect(503);
    expect((await api().http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const { value } = await scrape(api());
    expect(value('cellpath_http_unavailable_total', { cause: 'not-ready' })).toBeGreaterThanOrEqual(1);
    expect(value('cellpath_http_unavailable_total', { cause: 'unhealthy' })).toBeGreaterThanOrEqual(1);
  });
});
