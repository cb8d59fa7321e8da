import type { Logger } from 'pino';
import type { AppConfig } from '#libs/config';
import { openDatabase, runMigrations, type Database } from '#libs/database';
import { SigningKeyRing } from '#libs/certificates';
import { ConfigError } from '#libs/config';
import { createEventStore, type EventStore } from '#libs/event-store';
import { CellpathMetrics } from '#libs/metrics';
import { DEFAULT_GRADING_POLICY, parseGradingPolicy, type GradingPolicy } from '#libs/lifecycle';
import { PROJECTIONS, ProjectionRunner } from '#libs/projections';
import type { TransparencyLog } from '#libs/transparency-log';
import { IDEMPOTENCY_MIGRATIONS } from './idempotency/index.js';
import { startTransparencyLog } from './log/start-transparency-log.js';
import { API_MIGRATION_NAMESPACE } from './migration-catalogue.js';

/** What the API needs opened before Nest starts; owned (and closed) by whoever opened it. */
export interface Infrastructure {
  log: Logger;
  database: Database;
  eventStore: EventStore;
  signingKeys: SigningKeyRing;
  gradingPolicy: GradingPolicy;
  /** Keeps the read models; started here unless CELLPATH_RUN_PROJECTIONS=false (a separate projector runs). */
  projections: ProjectionRunner;
  /** The store-wide transparency log; every API process runs its sequencer (they never double a leaf). */
  transparencyLog: TransparencyLog;
  /** This process's Prometheus registry (GET /metrics). */
  metrics: CellpathMetrics;
  close(): Promise<void>;
}

/** GRADING_POLICY is JSON (inline); a bad one stops the start rather than grading wrongly. */
function gradingPolicyOf(config: AppConfig): GradingPolicy {
  if (!config.gradingPolicy) return DEFAULT_GRADING_POLICY;
  try {
    return parseGradingPolicy(JSON.parse(config.gradingPolicy));
  } catch (error) {
    throw new ConfigError(`GRADING_POLICY is invalid: ${(error as Error).message}`);
  }
}

/** Applies this process's own migrations on an open database and wires the event store to it. */
export async function openInfrastructure(config: AppConfig, log: Logger, database?: Database): Promise<Infrastructure> {
  const gradingPolicy = gradingPolicyOf(config);
  // The database first: on the embedded store its lock refuses a second process before it touches DATA_DIR.
  const db = database ?? (await openDatabase(config));
  let signingKeys: SigningKeyRing;
  try {
    signingKeys = await SigningKeyRing.load({
      dataDir: config.dataDir,
      certSigningKey: config.certSigningKey,
      // Processes sharing PostgreSQL share the published keys too, so each one's /verify accepts the others' signatures.
      database: config.databaseUrl ? db : undefined,
    });
  } catch (error) {
    if (!database) await db.close();
    throw error;
  }
  const metrics = new CellpathMetrics();
  const eventStore = await createEventStore({ kurrentdbUrl: config.kurrentdbUrl, database: db, observer: metrics.appendObserver });
  await runMigrations(db, API_MIGRATION_NAMESPACE, IDEMPOTENCY_MIGRATIONS);
  const projections = new ProjectionRunner({
    db,
    store: eventStore,
    projections: PROJECTIONS,
    logger: log.child({ component: 'projections' }),
  });
  if (config.runProjections) await projections.start();
  else await projections.migrate();
  const transparencyLog = await startTransparencyLog(config, log, db, eventStore, signingKeys);
  metrics.measureLag({
    logLag: () => transparencyLog.pendingEvents(),
    projectionLag: () => projections.status(),
  });
  return {
    log,
    database: db,
    eventStore,
    signingKeys,
    gradingPolicy,
    projections,
    transparencyLog,
    metrics,
    async close() {
      await transparencyLog.stop();
      await projections.stop();
      await eventStore.close();
      if (!database) await db.close();
    },
  };
}
