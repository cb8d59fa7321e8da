import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { freePort, spawnUntilHealthy } from './processes.js';

export const MAIN = resolve('dist/apps/api/src/main.js');

export interface ApiProcess {
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the compiled API (`npm run build` first) as a real OS process on a free loopback port. */
export async function startApiProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ApiProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { child, output } = await spawnUntilHealthy([MAIN], {
    name: 'API',
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', CELLPATH_HOST: '127.0.0.1', ...env, PORT: String(port) },
    baseUrl,
    timeoutMs,
  });
  return {
    baseUrl,
    child,
    output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, 'exit');
    },
  };
}
