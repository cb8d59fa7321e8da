import { startApi, type ApiHarness } from './support/api-harness.js';

describe('OpenAPI documentation', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    const started = await startApi('pglite');
    if ('skip' in started) throw new Error(started.skip);
    api = started;
  }, 120_000);
  afterAll(() => api?.close());

  test('/docs-json describes every contract command with realistic examples; /docs serves the UI', async () => {
    const spec = (await api.http.get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/sites',
      '/api/v1/batteries',
      '/api/v1/batteries/{id}/receipts',
      '/api/v1/batteries/{id}/evaluations',
      '/api/v1/batteries/{id}/storage',
      '/api/v1/batteries/{id}/storage/release',
      '/api/v1/batteries/{id}/diagnoses',
      '/api/v1/batteries/{id}/certificates',
      '/api/v1/batteries/{id}/second-life',
      '/api/v1/batteries/{id}/recycling',
      '/api/v1/batteries/{id}/recycling/outcome',
    ]) {
      expect(spec.paths[path]?.post).toBeDefined();
    }
    const registration = spec.components.schemas.RegisterBatteryDto;
    expect(registration.required).toEqual(
      expect.arrayContaining(['batteryId', 'level', 'category', 'chemistry', 'massKg', 'ratedEnergyKWh']),
    );
    expect(registration.properties.chemistry).toMatchObject({ enum: ['NMC', 'NCA', 'LFP', 'LMO', 'LTO', 'other'], example: 'NMC' });
    expect(registration.properties.ratedEnergyKWh.example).toBe(64);
    expect(registration.properties.massKg.example).toBe(410);
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await api.http.get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});
