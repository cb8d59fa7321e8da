import { mkdirSync } from 'node:fs';
import { loadWorkerConfig } from '#libs/config';
import { createLogger } from '#libs/logging';
import { openProjections } from '#libs/projections';
import { heartbeatFile, writeHeartbeat } from './heartbeat.js';

/** Each second: the file then lags the lease check it reports by one second at most. */
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * The projection runner as its own process (`cellpath projector`, `npm run projector`), for an API
 * started with CELLPATH_RUN_PROJECTIONS=false. Any number may run on one PostgreSQL database: one
 * holds the lease and applies events, the others stand by and take over when it dies. Resolves
 * once started; a failed start ends the process (exit 1).
 */
export async function runProjector(): Promise<void> {
  await startProjector().catch((error: unknown) => {
    process.stderr.write(`cellpath-projector: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

async function startProjector(): Promise<void> {
  const config = loadWorkerConfig('cellpath-projector');
  if (!config.databaseUrl) {
    // The embedded database belongs to one process; two opening one DATA_DIR would corrupt it.
    process.stderr.write('cellpath-projector: DATABASE_URL is required: with the embedded database the API runs the projections itself\n');
    process.exit(1);
  }
  const log = createLogger(config.logLevel, { service: 'cellpath-projector' });
  const projections = await openProjections(config, log);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'projector stopping: finishing the batch in flight and freeing the lease');
    projections.close().then(
      () => {
        log.info({}, 'projector stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'projector did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await projections.runner.start();
  mkdirSync(config.dataDir, { recursive: true });
  const heartbeat = heartbeatFile(config.dataDir);
  const beat = () => {
    const at = projections.runner.lastLeaseCheckAt;
    try {
      if (at) writeHeartbeat(heartbeat, at);
    } catch (error) {
      // A failed write makes the healthcheck report the projector unhealthy, which is the truth.
      log.warn({ err: error, heartbeat }, 'could not write the projector heartbeat');
    }
  };
  beat();
  setInterval(beat, HEARTBEAT_EVERY_MS).unref();
  log.info({ store: config.kurrentdbUrl ? 'kurrentdb' : 'postgres', leader: projections.runner.isLeader }, 'projector started');
}
