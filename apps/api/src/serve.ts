import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from '#libs/config';
import { createApp } from './app.factory.js';
import { checkApiKeys, loadOrCreateAdminKey } from './auth/api-keys.js';
import { createLogger } from '#libs/logging';
import { openInfrastructure } from './infrastructure.js';

function resolveApiKeys(config: AppConfig, log: ReturnType<typeof createLogger>): string {
  if (config.apiKeys) return config.apiKeys;
  const generated = loadOrCreateAdminKey(config.dataDir);
  log.warn(
    { path: generated.path, created: generated.created },
    `API_KEYS is not set: using the admin key stored in ${generated.path} (send it as "Authorization: Bearer <secret after admin:>")`,
  );
  return generated.spec;
}

async function listen(argv: readonly string[]): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env, argv);
    // Before anything is opened: a bad key list must not wait behind a database start.
    if (config.apiKeys) checkApiKeys(config.apiKeys, { production: config.production });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cellpath: configuration error: ${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  const apiKeys = resolveApiKeys(config, log);
  const infrastructure = await openInfrastructure(config, log);
  const app = await createApp(config, infrastructure, apiKeys);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', () => infrastructure.close());
  await app.listen(config.port, config.host);
  log.info(
    { port: config.port, store: infrastructure.eventStore.kind, dataDir: config.databaseUrl ? undefined : config.dataDir },
    'cellpath API listening',
  );
}

/**
 * Starts the API and resolves once it listens; a bad configuration or a failed start ends the
 * process (exit 1) with one line on stderr. `argv`: options, which the API refuses (env only).
 */
export async function serve(argv: readonly string[] = []): Promise<void> {
  await listen(argv).catch((error: unknown) => {
    process.stderr.write(`cellpath: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
