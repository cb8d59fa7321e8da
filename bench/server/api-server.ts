import { fileURLToPath } from 'node:url';
import { embeddedDatabasePath } from '#libs/database';
import { freePort, spawnUntilHealthy } from '../../test/support/processes.js';
import type { StoreKind } from '../support/options.js';
import type { Progress } from '../support/progress.js';
import { copyEmptyPGlite, scratchDirectory, scratchPostgres } from '../support/scratch-database.js';

const ENTRY = fileURLToPath(new URL('./bench-server.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export const ROLE_KEYS = {
  operator: 'bench-operator-key',
  evaluator: 'bench-evaluator-key',
  certifier: 'bench-certifier-key',
  recycler: 'bench-recycler-key',
  auditor: 'bench-auditor-key',
} as const;
export type BenchRole = keyof typeof ROLE_KEYS;

export interface ApiServer {
  baseUrl: string;
  /** The scratch database the API writes to, on PostgreSQL (for baselines on the same database). */
  databaseUrl?: string;
  bearer(role: BenchRole): string;
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  store: StoreKind;
  adminUrl: string;
  /** Writes a V8 CPU profile of the server into this directory when it stops. */
  cpuProfileDir?: string;
}

/**
 * Starts the API (compiled bench-server.js) in its own process on a fresh database: on this
 * 2-core machine the server gets a core and the load generator the other, as in a real deployment.
 */
export async function startApiServer({ store, adminUrl, cpuProfileDir }: ApiServerOptions): Promise<ApiServer> {
  const dataDir = scratchDirectory();
  if (store === 'pglite') await copyEmptyPGlite(embeddedDatabasePath(dataDir.path));
  const database = store === 'postgres' ? await scratchPostgres(adminUrl) : undefined;
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    CELLPATH_HOST: '127.0.0.1',
    DATA_DIR: dataDir.path,
    LOG_LEVEL: 'warn',
    API_KEYS: Object.entries(ROLE_KEYS)
      .map(([role, secret]) => `${role}:${secret}`)
      .join(','),
    // The limiter would cap a load test at its quota; the benchmark measures the write path.
    CELLPATH_RATE_LIMIT_PER_MINUTE: '100000000',
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const cleanUp = async () => {
    await database?.drop();
    await dataDir.remove();
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = await spawnUntilHealthy([...profile, ENTRY], {
    name: 'bench API',
    env,
    baseUrl,
    timeoutMs: START_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  const { child, exited } = started;
  return {
    baseUrl,
    databaseUrl: database?.url,
    bearer: (role) => `Bearer ${ROLE_KEYS[role]}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send('stop');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      await cleanUp();
    },
  };
}

/**
 * One API server per store for the whole run (http and audit share it): starting one costs
 * seconds of Nest and database start-up that measure nothing.
 */
export class ApiServers {
  private readonly servers = new Map<StoreKind, Promise<ApiServer>>();

  constructor(
    private readonly options: Omit<ApiServerOptions, 'store'>,
    private readonly progress: Progress,
  ) {}

  get(store: StoreKind): Promise<ApiServer> {
    let server = this.servers.get(store);
    if (server === undefined) {
      this.progress.line(`api ${store}`, 'starting the API in a child process');
      const started = performance.now();
      server = startApiServer({ ...this.options, store }).then((running) => {
        this.progress.line(`api ${store}`, `listening after ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return running;
      });
      this.servers.set(store, server);
    }
    return server;
  }

  async stopAll(): Promise<void> {
    const servers = [...this.servers.values()];
    this.servers.clear();
    await Promise.allSettled(servers.map(async (server) => (await server).stop()));
  }
}
