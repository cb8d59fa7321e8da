import type { Logger } from 'pino';
import type { SigningKeyRing } from '#libs/certificates';
import type { AppConfig } from '#libs/config';
import type { Database } from '#libs/database';
import type { EventStore } from '#libs/event-store';
import { TransparencyLog } from '#libs/transparency-log';

/** Opens the log on the read-model database (whatever the event store) and starts it; origin = host of PUBLIC_BASE_URL. */
export async function startTransparencyLog(
  config: AppConfig,
  log: Logger,
  db: Database,
  store: EventStore,
  keys: SigningKeyRing,
): Promise<TransparencyLog> {
  const transparencyLog = await TransparencyLog.open({
    db,
    store,
    keys,
    origin: new URL(config.publicBaseUrl).host,
    logger: log.child({ component: 'transparency-log' }),
  });
  transparencyLog.start();
  return transparencyLog;
}
