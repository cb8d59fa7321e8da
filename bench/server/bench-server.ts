/**
 * The API as main.ts starts it (same config, infrastructure and app), plus the no-op route the
 * http benchmark compares against. Run by api-server.ts as a child process.
 */
import 'reflect-metadata';
import { loadConfig } from '#libs/config';
import { createApp, openInfrastructure } from '../../apps/api/src/index.js';
import { createLogger } from '#libs/logging';
import { registerNoopRoute } from './noop-route.js';

const config = loadConfig(process.env);
if (!config.apiKeys) throw new Error('the bench server needs API_KEYS');
const log = createLogger(config.logLevel);
const infrastructure = await openInfrastructure(config, log);
const app = await createApp(config, infrastructure, config.apiKeys);
const fastify = app.getHttpAdapter().getInstance();
registerNoopRoute(fastify);
fastify.addHook('onClose', () => infrastructure.close());
await app.listen(config.port, config.host);
// Stopped by its parent over IPC rather than a signal: a normal exit is what writes a --cpu-prof profile.
process.on('message', (message) => {
  if (message === 'stop') void app.close().finally(() => process.exit(0));
});
// An interrupted benchmark must not leave its server running.
process.on('disconnect', () => process.exit(1));
