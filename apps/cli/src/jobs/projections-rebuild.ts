import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { createLogger } from '#libs/logging';
import { openProjections, type ProjectionRunner, type RebuildProgress } from '#libs/projections';
import { loadWorkerConfig } from '#libs/config';
import { EXIT } from '../outcome.js';

/**
 * Positions are not event counts, but they grow with the log, so how far the replay is from the
 * first event to the head is a fair progress measure for the bar.
 */
function permille(progress: RebuildProgress, origin: bigint): number {
  const span = BigInt(progress.targetPosition) - origin;
  if (span <= 0n) return 1000;
  const done = BigInt(progress.position) - origin;
  return Math.max(0, Math.min(1000, Number((done * 1000n) / span)));
}

async function rebuild(runner: ProjectionRunner, names: readonly string[], origin: bigint): Promise<RebuildProgress> {
  const name = names.join(', ');
  const bar = new cliProgress.SingleBar(
    { format: `${name.padEnd(10)} |{bar}| {percent}% | {events} events | {rate} events/s | {phase}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { percent: '0.0', events: 0, rate: 0, phase: 'replaying' });
  try {
    return await runner.rebuild(names, (progress) => {
      const value = permille(progress, origin);
      bar.update(value, {
        percent: (value / 10).toFixed(1),
        events: progress.events,
        rate: progress.eventsPerSecond,
        phase: progress.phase,
      });
    });
  } finally {
    bar.stop();
  }
}

export async function rebuildProjections(name: string | undefined, { wait }: { wait?: boolean }): Promise<number> {
  const config = loadWorkerConfig('cellpath projections rebuild');
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn').child({ process: 'projections-rebuild' });
  const { runner, store, close } = await openProjections(config, log);
  const interrupted = () => {
    process.stderr.write('\ninterrupted: dropping the shadow tables; the live tables stay as they were\n');
    close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await runner.start();
    const known = (await runner.status()).map((status) => status.name);
    if (name !== undefined && !known.includes(name)) {
      process.stderr.write(`cellpath projections rebuild: no projection named ${name} (known: ${known.join(', ')})\n`);
      return EXIT.failed;
    }
    if (!runner.isLeader) {
      if (!wait) {
        process.stderr.write(
          'cellpath projections rebuild: another process (the API or a projector) holds the projection lease and applies the events, so it must do the rebuild:\n' +
            '  POST /api/v1/admin/projections/<name>/rebuild on an API that runs the projections, or run this with --wait and restart the projector.\n',
        );
        return EXIT.failed;
      }
      process.stderr.write('waiting for the projection lease (held by another process)…\n');
      while (!runner.isLeader) await sleep(500);
    }
    const [first] = await store.readAll({ limit: 1 });
    const origin = first === undefined ? 0n : BigInt(first.position) - 1n;
    // All of them together: one read of the log, one transaction per batch.
    const done = await rebuild(runner, name === undefined ? known : [name], origin);
    const elapsed = (Date.now() - Date.parse(done.startedAt)) / 1000;
    process.stdout.write(
      `rebuilt ${done.projection}: ${done.events} events in ${elapsed.toFixed(1)} s = ${Math.round(done.events / Math.max(elapsed, 0.001))} events/s, at position ${done.position}\n`,
    );
    return EXIT.ok;
  } finally {
    await close();
  }
}
