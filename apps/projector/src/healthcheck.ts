import { HEARTBEAT_MAX_AGE_MS, heartbeatFile, heartbeatProblem } from './heartbeat.js';
import { loadWorkerConfig } from '#libs/config';

/**
 * The projector container's HEALTHCHECK: exit 0 when the projector in this container (same
 * DATA_DIR) checked its lease with the database recently, else 1 with the reason on stderr.
 * An optional argument sets the allowed age in seconds.
 */
const config = loadWorkerConfig('cellpath-projector-healthcheck');
const maxAgeArg = process.argv[2];
const maxAgeMs = maxAgeArg === undefined ? HEARTBEAT_MAX_AGE_MS : Number(maxAgeArg) * 1000;
if (!(maxAgeMs > 0)) {
  process.stderr.write(`cellpath-projector-healthcheck: the maximum age must be a positive number of seconds, got ${maxAgeArg}\n`);
  process.exit(2);
}
const problem = heartbeatProblem(heartbeatFile(config.dataDir), new Date(), maxAgeMs);
if (problem) {
  process.stderr.write(`cellpath-projector-healthcheck: unhealthy: ${problem}\n`);
  process.exit(1);
}
