import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A loopback port that was free a moment ago and that nobody listens on now ("connection refused"). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface HealthyProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<unknown>;
}

export interface SpawnOptions {
  /** Names the process in errors ("API", "bench API"). */
  name: string;
  env: Record<string, string>;
  /** Where `GET /health` answers once the process is ready. */
  baseUrl: string;
  timeoutMs: number;
  stdio?: StdioOptions;
}

/**
 * Starts `node <args>` and polls `GET /health` until it answers 2xx. A process that exits first,
 * or is not ready by the deadline (it is then killed), fails the start with all it wrote.
 */
export async function spawnUntilHealthy(
  args: string[],
  { name, env, baseUrl, timeoutMs, stdio = ['ignore', 'pipe', 'pipe'] }: SpawnOptions,
): Promise<HealthyProcess> {
  const child = spawn(process.execPath, args, { env, stdio });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${output}`);
    if (
      await fetch(`${baseUrl}/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return { child, output: () => output, exited };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${name} did not answer /health within ${timeoutMs} ms: ${output}`);
    }
    await sleep(100);
  }
}
