import { Module } from '@nestjs/common';
import type { Database } from '#libs/database';
import { BATTERY_COMMANDS, CERTIFICATE_COMMANDS } from '../batteries/battery-commands.js';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { IdempotencyJanitor, IdempotencyStore } from '../idempotency/index.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { ORGANISATION_COMMANDS } from '../organisations/organisation-commands.js';
import { SITE_COMMANDS } from '../sites/site-commands.js';
import { IMPORT_BATTERY } from '../transfers/import-battery.js';
import { TransfersModule } from '../transfers/transfers.module.js';
import { DATABASE } from '../tokens.js';
import { CommandExecutor } from './command-executor.js';
import { CommandPipeline } from './command-pipeline.js';
import { commandController } from './command-routes.js';

const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', description: 'Retry-safe key; same key and body replays the first response.' };
const IF_MATCH = (of: string) => ({ name: 'If-Match', description: `Expected revision of ${of}, e.g. "3"; 412 when it moved on.` });

/** Every state-changing route of the contract, from the command declarations. */
@Module({
  imports: [LifecycleModule, ReadModelsModule, CertificatesModule, TransfersModule],
  controllers: [
    commandController({ path: 'api/v1/sites', tag: 'sites' }, SITE_COMMANDS),
    commandController({ path: 'api/v1/organisations', tag: 'organisations' }, ORGANISATION_COMMANDS),
    commandController(
      { path: 'api/v1/batteries', tag: 'batteries', headers: [IDEMPOTENCY_KEY, IF_MATCH('the battery')] },
      BATTERY_COMMANDS,
    ),
    commandController(
      { path: 'api/v1/certificates', tag: 'certificates', headers: [IDEMPOTENCY_KEY, IF_MATCH("the certificate's battery")] },
      CERTIFICATE_COMMANDS,
    ),
    commandController({ path: 'api/v1/imports', tag: 'transfers', headers: [IDEMPOTENCY_KEY] }, [IMPORT_BATTERY]),
  ],
  providers: [
    { provide: IdempotencyStore, useFactory: (database: Database) => new IdempotencyStore(database), inject: [DATABASE] },
    IdempotencyJanitor,
    CommandPipeline,
    CommandExecutor,
  ],
})
export class CommandsModule {}
