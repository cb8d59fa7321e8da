import { resolve } from 'node:path';

/** Everything the processes read from the environment, validated once at start. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  kurrentdbUrl?: string;
  apiKeys?: string;
  /** Absolute path of `API_KEYS_FILE`: named keys, re-read while the server runs. */
  apiKeysFile?: string;
  publicBaseUrl: string;
  production: boolean;
  logLevel: string;
  corsOrigins: string[];
  gradingPolicy?: string;
  certSigningKey?: string;
  rateLimitPerMinute: number;
  /** Failed authentications one client address may make per minute before it gets 429. */
  authFailuresPerMinute: number;
  /** Run the projection runner in this process (it still takes the lease before applying). */
  runProjections: boolean;
  /** After SIGTERM, how long /health/ready answers 503 while requests are still served, before the server closes. */
  drainMs: number;
  /** Certificate PDF render threads (default: one per available core but one). */
  pdfRenderThreads?: number;
  /** Certificate PDF renders that may wait for a thread before requests get 503 (default 16 per thread). */
  pdfRenderQueue?: number;
  /** This instance's own organisation (CELLPATH_ORGANISATION_ID): the one a transfer must name to be imported here. */
  organisationId?: string;
}

/** A configuration error is reported as one line and stops the process (exit 1). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Options we own: any other CELLPATH_* variable is a typo we refuse rather than ignore. */
const KNOWN_PREFIXED = new Set([
  'CELLPATH_AUTH_FAILURES_PER_MINUTE',
  'CELLPATH_DRAIN_MS',
  'CELLPATH_HOST',
  'CELLPATH_PDF_RENDER_QUEUE',
  'CELLPATH_PDF_RENDER_THREADS',
  'CELLPATH_ORGANISATION_ID',
  'CELLPATH_RATE_LIMIT_PER_MINUTE',
  'CELLPATH_RUN_PROJECTIONS',
]);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) throw new ConfigError(`PORT must be an integer 0-65535, got "${raw}"`);
  return port;
}

function parseUrl(name: string, raw: string | undefined, protocols: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

function parsePositiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

function parseNonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

function parseOptionalPositiveInt(name: string, raw: string | undefined): number | undefined {
  return raw === undefined || raw === '' ? undefined : parsePositiveInt(name, raw, 0);
}

function parseSwitch(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'on' || raw === '1') return true;
  if (raw === 'false' || raw === 'off' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseId(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(raw)) throw new ConfigError(`${name} must be an id (1-100 of A-Z a-z 0-9 . _ : -), got "${raw}"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): AppConfig {
  const unknownArg = argv.find((arg) => arg.startsWith('-'));
  if (unknownArg) throw new ConfigError(`unknown option ${unknownArg}: configure with environment variables (see README)`);
  const unknownVar = Object.keys(env).find((k) => k.startsWith('CELLPATH_') && !KNOWN_PREFIXED.has(k));
  if (unknownVar) throw new ConfigError(`unknown option ${unknownVar} (known: ${[...KNOWN_PREFIXED].join(', ')})`);

  const port = parsePort(env.PORT);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const production = env.NODE_ENV === 'production';
  const apiKeys = env.API_KEYS?.trim() || undefined;
  const apiKeysFile = env.API_KEYS_FILE ? resolve(env.API_KEYS_FILE) : undefined;
  if (production && !apiKeys && !apiKeysFile) throw new ConfigError('API_KEYS or API_KEYS_FILE is required when NODE_ENV=production');

  return {
    port,
    host: env.CELLPATH_HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']),
    kurrentdbUrl: parseUrl('KURRENTDB_URL', env.KURRENTDB_URL, ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:']),
    apiKeys,
    apiKeysFile,
    publicBaseUrl: (parseUrl('PUBLIC_BASE_URL', env.PUBLIC_BASE_URL, ['http:', 'https:']) ?? `http://localhost:${port}`).replace(
      /\/+$/,
      '',
    ),
    production,
    logLevel,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    gradingPolicy: env.GRADING_POLICY || undefined,
    certSigningKey: env.CERT_SIGNING_KEY || undefined,
    organisationId: parseId('CELLPATH_ORGANISATION_ID', env.CELLPATH_ORGANISATION_ID),
    runProjections: parseSwitch('CELLPATH_RUN_PROJECTIONS', env.CELLPATH_RUN_PROJECTIONS, true),
    rateLimitPerMinute: parsePositiveInt('CELLPATH_RATE_LIMIT_PER_MINUTE', env.CELLPATH_RATE_LIMIT_PER_MINUTE, 6000),
    authFailuresPerMinute: parsePositiveInt('CELLPATH_AUTH_FAILURES_PER_MINUTE', env.CELLPATH_AUTH_FAILURES_PER_MINUTE, 120),
    drainMs: parseNonNegativeInt('CELLPATH_DRAIN_MS', env.CELLPATH_DRAIN_MS, 0),
    pdfRenderThreads: parseOptionalPositiveInt('CELLPATH_PDF_RENDER_THREADS', env.CELLPATH_PDF_RENDER_THREADS),
    pdfRenderQueue: parseOptionalPositiveInt('CELLPATH_PDF_RENDER_QUEUE', env.CELLPATH_PDF_RENDER_QUEUE),
  };
}
