import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '#libs/config';
import { openPGlite, openPostgres, type Database } from '#libs/database';
import { createApp } from '../../../apps/api/src/app.factory.js';
import { createLogger } from '#libs/logging';
import { openInfrastructure, type Infrastructure } from '../../../apps/api/src/infrastructure.js';
import { containerRuntimeUnavailable } from '../../support/container-runtime.js';
import { postgresTarget } from '../../support/targets.js';

/** One key per role, plus a combined one, as API_KEYS would list them. */
export const SECRETS = {
  admin: 'test-admin-secret',
  operator: 'test-operator-secret',
  evaluator: 'test-evaluator-secret',
  certifier: 'test-certifier-secret',
  recycler: 'test-recycler-secret',
  auditor: 'test-auditor-secret',
  authority: 'test-authority-secret',
} as const;
export type TestRole = keyof typeof SECRETS;
export const API_KEYS = Object.entries(SECRETS)
  .map(([role, secret]) => `${role}:${secret}`)
  .join(',');

export type StoreKind = 'pglite' | 'postgres';

export interface ApiHarness {
  kind: StoreKind;
  app: NestFastifyApplication;
  infrastructure: Infrastructure;
  http: ReturnType<typeof request>;
  bearer(role: TestRole): { Authorization: string };
  close(): Promise<void>;
}

async function openStore(kind: StoreKind): Promise<{ database: Database; stop(): Promise<void> } | { skip: string }> {
  if (kind === 'pglite') {
    const database = await openPGlite();
    return { database, stop: () => database.close() };
  }
  const target = await postgresTarget();
  if ('skip' in target) return target;
  const database = await openPostgres(target.url);
  return {
    database,
    stop: async () => {
      await database.close();
      await target.stop();
    },
  };
}

/** A real API (Fastify, Nest, event store, migrations) on an in-memory PGlite or a fresh PostgreSQL database, or on `shared`. */
export async function startApi(
  kind: StoreKind,
  env: Record<string, string> = {},
  shared?: Database,
): Promise<ApiHarness | { skip: string }> {
  // A second API on another's database stands in for a second process (it must not run projections on PGlite).
  const store = shared ? { database: shared, stop: async () => undefined } : await openStore(kind);
  if ('skip' in store) return store;
  const dataDir = mkdtempSync(join(tmpdir(), 'cellpath-e2e-'));
  const config = loadConfig({ API_KEYS, DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://cellpath.example', ...env });
  const infrastructure = await openInfrastructure(config, createLogger(config.logLevel), store.database);
  const app = await createApp(config, infrastructure, API_KEYS);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    kind,
    app,
    infrastructure,
    http: request(app.getHttpServer()),
    bearer: (role) => ({ Authorization: `Bearer ${SECRETS[role]}` }),
    async close() {
      await app.close();
      await infrastructure.close();
      await store.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Decided once per test file (top-level await), so an unavailable store is a real Jest skip. */
const postgresUnavailable = process.env.DATABASE_URL
  ? undefined
  : await containerRuntimeUnavailable().then((why) => why && `PostgreSQL: DATABASE_URL unset and ${why}`);

/**
 * Runs an HTTP suite once per store: always on the embedded PGlite, on PostgreSQL when
 * DATABASE_URL or a container runtime gives one; otherwise that half is skipped with its reason printed.
 * `env`: extra environment of each store's API (e.g. a file of its own).
 */
export function describeOnStores(
  name: string,
  suite: (api: () => ApiHarness, kind: StoreKind) => void,
  env: (kind: StoreKind) => Record<string, string> = () => ({}),
): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const skip = kind === 'postgres' ? postgresUnavailable : undefined;
    if (skip) {
      console.warn(`SKIPPED ${name} [${kind}]: ${skip}`);
      describe.skip(`${name} [${kind}] (skipped: ${skip})`, () => suite(() => undefined as never, kind));
      continue;
    }
    describe(`${name} [${kind}]`, () => {
      let harness: ApiHarness | undefined;
      beforeAll(async () => {
        const started = await startApi(kind, env(kind));
        if ('skip' in started) throw new Error(started.skip);
        harness = started;
      }, 120_000);
      afterAll(async () => harness?.close());
      suite(() => harness!, kind);
    });
  }
}
