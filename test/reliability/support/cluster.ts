/**
 * The deployment the issue describes, as real OS processes on one PostgreSQL database: API
 * processes that apply no projections (CELLPATH_RUN_PROJECTIONS=false) and one projector that
 * does. Built code only: `npm run build` first (npm test does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApiProcess, type ApiProcess } from '../../support/api-process.js';

const PROJECTOR_MAIN = resolve('dist/apps/projector/src/main.js');

/** One key per role, as API_KEYS lists them. */
export const KEYS = {
  operator: 'soak-operator-secret',
  evaluator: 'soak-evaluator-secret',
  certifier: 'soak-certifier-secret',
  recycler: 'soak-recycler-secret',
  auditor: 'soak-auditor-secret',
} as const;
export type Role = keyof typeof KEYS;
export const API_KEYS = Object.entries(KEYS)
  .map(([role, secret]) => `${role}:${secret}`)
  .join(',');

export interface ProjectorProcess {
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}

/** Starts the compiled projector; resolves once it has taken part (leader or standby). */
export async function startProjectorProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ProjectorProcess> {
  if (!existsSync(PROJECTOR_MAIN)) throw new Error(`${PROJECTOR_MAIN} is missing: run npm run build`);
  const child = spawn(process.execPath, [PROJECTOR_MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('"projector started"')) {
    if (child.exitCode !== null) throw new Error(`projector exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`projector did not start within ${timeoutMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => output, kill: (signal) => stopChild(child, signal) };
}

export interface Cluster {
  apis: ApiProcess[];
  projector: ProjectorProcess;
  /** Base URLs of the API processes currently running. */
  liveBaseUrls(): string[];
  /** Replaces API `index` by a fresh process (after a kill); it gets a new port. */
  restartApi(index: number): Promise<ApiProcess>;
  stop(): Promise<void>;
}

/**
 * Two API processes and a projector. The projector starts first: it migrates the runner's tables
 * and creates the checkpoints the APIs' /health (their start signal) reads. All processes share
 * one certificate signing key.
 */
export async function startCluster(databaseUrl: string): Promise<Cluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cellpath-soak-'));
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const projector = await startProjectorProcess({ DATABASE_URL: databaseUrl, DATA_DIR: join(dataDir, 'projector') });
  const apiEnv = (index: number) => ({
    API_KEYS,
    DATABASE_URL: databaseUrl,
    DATA_DIR: join(dataDir, `api-${index}`),
    CERT_SIGNING_KEY: signingKey,
    CELLPATH_RUN_PROJECTIONS: 'false',
    CELLPATH_RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const starting = await Promise.allSettled([0, 1].map((i) => startApiProcess(apiEnv(i))));
  const started = starting.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = starting.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all([...started.map((api) => api.kill('SIGKILL')), projector.kill('SIGKILL')]);
    rmSync(dataDir, { recursive: true, force: true });
    throw failed.reason;
  }
  const cluster: Cluster = {
    apis: started,
    projector,
    liveBaseUrls: () =>
      cluster.apis.filter((api) => api.child.exitCode === null && api.child.signalCode === null).map((api) => api.baseUrl),
    async restartApi(index) {
      await cluster.apis[index]!.kill('SIGTERM');
      cluster.apis[index] = await startApiProcess(apiEnv(index));
      return cluster.apis[index]!;
    },
    async stop() {
      await Promise.all(cluster.apis.map((api) => api.kill('SIGTERM')));
      await projector.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}
