export * from './database.js';
export { openPGlite } from './pglite-database.js';
export { openPostgres, type PostgresOptions } from './postgres-database.js';
export { openDatabase } from './open-database.js';
export { runMigrations } from './migrations.js';
export { ensurePGliteTemplate, pgliteTemplateDir } from './pglite-template.js';
