/**
 * The API's public face for processes that host it in-process instead of running main.ts: the
 * seed script and the benchmark server. They import this, never the app's internals.
 */
export { createApp } from './app.factory.js';
export { openInfrastructure, type Infrastructure } from './infrastructure.js';
export type { AccessRouteConfig } from './auth/access.js';
