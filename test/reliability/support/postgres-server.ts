/**
 * The machine's PostgreSQL cluster, stopped and started like an operator (or a crash) would:
 * `pg_ctlcluster` as root, as on the development machines and in CI (`.ci/run`).
 * CELLPATH_PG_CLUSTER names another cluster ("<version> <name>", default "15 main").
 */
import { execFileSync } from 'node:child_process';

const [VERSION, NAME] = (process.env.CELLPATH_PG_CLUSTER ?? '15 main').split(' ');

function pgctl(...args: string[]): void {
  execFileSync('pg_ctlcluster', [VERSION!, NAME!, ...args], { stdio: 'pipe', timeout: 60_000 });
}

export function postgresRunning(): boolean {
  try {
    pgctl('status');
    return true;
  } catch {
    return false;
  }
}

/** Fast shutdown: open sessions are terminated (SQLSTATE 57P01), new connections refused. */
export function stopPostgres(): void {
  pgctl('stop', '-m', 'fast');
}

/** Returns once the server accepts connections again; a no-op when it runs. */
export function startPostgres(): void {
  if (!postgresRunning()) pgctl('start');
}

/** Why the cluster cannot be controlled from here, or undefined when it can. */
export function postgresControlUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'pg_ctlcluster needs root';
  try {
    pgctl('status');
    return undefined;
  } catch (error) {
    return `pg_ctlcluster ${VERSION} ${NAME} status failed: ${(error as Error).message.split('\n')[0]}`;
  }
}
