import type { Logger } from 'pino';
import type { AppConfig } from '#libs/config';
import { createEventStore, type EventStore } from '#libs/event-store';
import { openDatabase } from '#libs/database';
import { PROJECTIONS } from './read-models/projections.js';
import { ProjectionRunner } from './runner/projection-runner.js';

export interface OpenProjections {
  runner: ProjectionRunner;
  store: EventStore;
  /** Stops the runner (freeing the lease), then closes the store and the database; once, however often called (signals). */
  close(): Promise<void>;
}

/** The read models' runner on the configured stores, not started: what the projector and the rebuild CLI share. */
export async function openProjections(config: AppConfig, log: Logger): Promise<OpenProjections> {
  const database = await openDatabase(config);
  const store = await createEventStore({ kurrentdbUrl: config.kurrentdbUrl, database });
  const runner = new ProjectionRunner({ db: database, store, projections: PROJECTIONS, logger: log.child({ component: 'projections' }) });
  let closed: Promise<void> | undefined;
  return {
    runner,
    store,
    close() {
      closed ??= (async () => {
        await runner.stop();
        await store.close();
        await database.close();
      })();
      return closed;
    },
  };
}
