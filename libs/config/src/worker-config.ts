import { ConfigError, loadConfig, type AppConfig } from './config.js';

/**
 * The environment of a process that serves no HTTP (the projector, the maintenance scripts):
 * the same variables as the API, minus the API-key requirement of NODE_ENV=production, which
 * guards HTTP routes these processes do not have. A bad configuration ends the process (exit 1).
 */
export function loadWorkerConfig(program: string, env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig({ ...env, NODE_ENV: undefined });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${program}: configuration error: ${error.message}\n`);
    process.exit(1);
  }
}
