export * from './idempotency.store.js';
export * from './idempotency.migrations.js';
export * from './idempotency-janitor.js';
