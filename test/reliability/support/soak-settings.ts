/**
 * How hard and how long the reliability suites drive the system. `npm test` (CI) runs a short
 * soak; `SOAK_LONG=1` is the full run (50 clients for 60 s); `SOAK_SECONDS`,
 * `SOAK_CLIENTS` and `SOAK_SEED` override single settings.
 */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

const long = process.env.SOAK_LONG === '1';

export const SOAK = {
  long,
  seconds: positiveInt('SOAK_SECONDS', long ? 60 : 10),
  clients: positiveInt('SOAK_CLIENTS', long ? 50 : 12),
  /** Seeds the command mix (timing still varies run to run); printed with the figures. */
  seed: positiveInt('SOAK_SEED', Math.floor(Math.random() * 2 ** 31) + 1),
};

/**
 * Tests that stop the machine's shared PostgreSQL cluster or mount file systems: only where
 * nothing else is using it (CI runs the suites one at a time) or when asked for explicitly.
 */
export const FAULTS_ALLOWED = process.env.CI === 'true' || process.env.CELLPATH_FAULT_TESTS === '1';
export const FAULTS_SKIP_REASON =
  'stops the shared PostgreSQL cluster / mounts a file system: set CELLPATH_FAULT_TESTS=1 (CI=true enables it)';
