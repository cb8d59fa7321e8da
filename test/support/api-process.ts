import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { freePort, spawnUntilHealthy } from './processes.js';

export const MAIN = resolve('dist/apps/api/src/main.js');
/** The `cellpath` command, compiled. */
export const CLI = resolve('dist/apps/cli/src/main.js');

export interface Exited {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled script to its end without blocking this process (load may be running meanwhile). */
export async function runToExit(script: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Exited> {
  const child = spawn(process.execPath, [resolve(script), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [status] = (await once(child, 'close')) as [number | null];
  clearTimeout(killer);
  return { status, stdout, stderr };
}

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
