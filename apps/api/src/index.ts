/**
 * The API's public face for processes that host it in-process instead of running main.ts (the
 * seed command and the benchmark server) and for the CLI, which starts it (`cellpath serve`).
 * They import this, never the app's internals.
 */
export { createApp } from './app.factory.js';
export { openInfrastructure, type Infrastructure } from './infrastructure.js';
export type { AccessRouteConfig } from './auth/access.js';
export { serve } from './serve.js';
export { apiMigrationSets } from './migration-catalogue.js';
