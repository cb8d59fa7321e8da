import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type AppConfig } from '#libs/config';
import { createApp } from './app.factory.js';
import { checkApiKeys, loadOrCreateAdminKey, secretDigest } from './auth/api-keys.js';
import { checkApiKeysFile } from './auth/api-keys-file.js';
import { createLogger } from '#libs/logging';
import { answerWhileStarting } from './health/start-up-responder.js';
import { openInfrastructure } from './infrastructure.js';

/** API_KEYS, else (without API_KEYS_FILE) the generated admin key; undefined when the file alone gives keys. */
function resolveApiKeys(config: AppConfig, log: ReturnType<typeof createLogger>): string | undefined {
  if (config.apiKeys || config.apiKeysFile) return config.apiKeys;
  const generated = loadOrCreateAdminKey(config.dataDir);
  log.warn(
    { path: generated.path, created: generated.created },
    `API_KEYS is not set: using the admin key stored in ${generated.path} (send it as "Authorization: Bearer <secret after admin:>")`,
  );
  return generated.spec;
}

/** Everything before listening (stores, migrations, the Nest app), while the start-up responder holds the port. */
async function openApp(
  config: AppConfig,
  log: Logger,
  apiKeys: string | undefined,
): Promise<{ app: NestFastifyApplication; storeKind: string }> {
  const infrastructure = await openInfrastructure(config, log);
  const app = await createApp(config, infrastructure, apiKeys);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', () => infrastructure.close());
  await app.init();
  return { app, storeKind: infrastructure.eventStore.kind };
}

function checkKeysFileAtStart(config: AppConfig, path: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`API_KEYS_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const fixedDigests = config.apiKeys ? checkApiKeys(config.apiKeys).map(({ secret }) => secretDigest(secret)) : [];
  const keys = checkApiKeysFile(text, { production: config.production, fixedDigests });
  if (keys.length === 0 && !config.apiKeys)
    throw new ConfigError('API_KEYS_FILE lists no keys and API_KEYS is unset: no request could be authenticated');
}

async function listen(argv: readonly string[]): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env, argv);
    // Before anything is opened: a bad key list must not wait behind a database start.
    if (config.apiKeys) checkApiKeys(config.apiKeys, { production: config.production });
    if (config.apiKeysFile) checkKeysFileAtStart(config, config.apiKeysFile);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cellpath: configuration error: ${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  const apiKeys = resolveApiKeys(config, log);
  const starting = await answerWhileStarting(config.port, config.host);
  const { app, storeKind } = await openApp(config, log, apiKeys).finally(() => starting.close());
  await app.listen(starting.port, config.host);
  log.info({ port: starting.port, store: storeKind, dataDir: config.databaseUrl ? undefined : config.dataDir }, 'cellpath API listening');
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
