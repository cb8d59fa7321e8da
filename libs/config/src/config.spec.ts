import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  test('defaults: port 3000, ./data, embedded store, base URL from the port', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      kurrentdbUrl: undefined,
      publicBaseUrl: 'http://localhost:3000',
      production: false,
      runProjections: true,
      drainMs: 0,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  test.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL must use postgres/],
    [{ KURRENTDB_URL: 'http://x' }, /KURRENTDB_URL must use/],
    [{ CELLPATH_RUN_PROJECTION: 'true' }, /unknown option CELLPATH_RUN_PROJECTION/],
    [{ CELLPATH_RUN_PROJECTIONS: 'maybe' }, /CELLPATH_RUN_PROJECTIONS/],
    [{ CELLPATH_DRAIN_MS: '-5' }, /CELLPATH_DRAIN_MS must be a non-negative integer/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ CELLPATH_PDF_RENDER_QUEUE: '0' }, /CELLPATH_PDF_RENDER_QUEUE must be a positive integer/],
    [{ CELLPATH_PDF_RENDER_THREADS: 'all' }, /CELLPATH_PDF_RENDER_THREADS must be a positive integer/],
    [{ NODE_ENV: 'production' }, /API_KEYS or API_KEYS_FILE is required/],
  ])('%j is refused with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('command-line options are refused: configuration is by environment', () => {
    expect(() => loadConfig({}, ['--port', '80'])).toThrow(/unknown option --port/);
  });

  test('production with keys starts; base URL loses its trailing slash', () => {
    const config = loadConfig({ NODE_ENV: 'production', API_KEYS: 'admin:x1', PUBLIC_BASE_URL: 'https://cellpath.example/' });
    expect(config).toMatchObject({ production: true, publicBaseUrl: 'https://cellpath.example' });
  });

  test('production with only API_KEYS_FILE starts; its path is made absolute', () => {
    const config = loadConfig({ NODE_ENV: 'production', API_KEYS_FILE: 'keys.json' });
    expect(config.apiKeys).toBeUndefined();
    expect(config.apiKeysFile).toBe(resolve('keys.json'));
  });
});
