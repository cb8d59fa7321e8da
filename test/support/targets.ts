/**
 * Where integration suites find their servers: a URL from the environment, else a throw-away
 * container, else a reason to skip (the suite prints it and counts as skipped, never as passed).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parse } from 'yaml';
import { containerRuntimeUnavailable } from './container-runtime.js';

export type Target = { url: string; stop(): Promise<void> } | { skip: string };

/**
 * A fresh, empty PostgreSQL database for one test file, dropped by `stop()`, so files never see
 * each other's tables. `DATABASE_URL` serves as the admin connection, else a postgres:15 container.
 */
export async function postgresTarget(): Promise<Target> {
  const admin = process.env.DATABASE_URL ?? (await startPostgresContainer());
  if (typeof admin !== 'string') return admin;
  const name = `cellpath_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: () => asAdmin(admin, `drop database if exists ${name} with (force)`) };
}

/** The KurrentDB image `docker-compose.yml` deploys: tests run against the version production runs. */
export function deployedKurrentDbImage(): string {
  const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
    services: { kurrentdb: { image: string } };
  };
  return compose.services.kurrentdb.image;
}

/** A KurrentDB node: `KURRENTDB_URL`, else an insecure container of the deployed image. */
export async function kurrentdbTarget(): Promise<Target> {
  if (process.env.KURRENTDB_URL) return { url: process.env.KURRENTDB_URL, stop: async () => undefined };
  const unavailable = await containerRuntimeUnavailable();
  if (unavailable) return { skip: `KurrentDB: KURRENTDB_URL unset and ${unavailable}` };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(deployedKurrentDbImage())
    .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_MEM_DB: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .start();
  return {
    url: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}

async function startPostgresContainer(): Promise<string | { skip: string }> {
  const unavailable = await containerRuntimeUnavailable();
  if (unavailable) return { skip: `PostgreSQL: DATABASE_URL unset and ${unavailable}` };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('postgres:15')
    .withEnvironment({ POSTGRES_USER: 'cellpath', POSTGRES_PASSWORD: 'cellpath', POSTGRES_DB: 'cellpath' })
    .withExposedPorts(5432)
    // The image's entrypoint starts the server twice (init, then for real).
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  // Testcontainers' reaper removes the container when the test process exits.
  return `postgres://cellpath:cellpath@${container.getHost()}:${container.getMappedPort(5432)}/cellpath`;
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
