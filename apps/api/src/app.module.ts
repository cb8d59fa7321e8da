import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '#libs/config';
import { ADMIN_PROVIDERS } from './admin/admin-providers.js';
import { ProjectionsAdminController } from './admin/projections-admin.controller.js';
import { AUDIT_PROVIDERS } from './audit/audit-providers.js';
import { AuditController } from './audit/audit.controller.js';
import { BatteryCommandsController } from './batteries/battery-commands.controller.js';
import { BatteryQueriesController } from './batteries/battery-queries.controller.js';
import { CERTIFICATE_PROVIDERS } from './certificates/certificate-providers.js';
import { CertificatesController } from './certificates/certificates.controller.js';
import { ConsoleModule } from './console/console.module.js';
import { CommandPipeline } from './commands/command-pipeline.js';
import { HealthController } from './health/health.controller.js';
import { IdempotencyJanitor, IdempotencyStore } from './idempotency/index.js';
import type { Infrastructure } from './infrastructure.js';
import { GetBatteryHandler } from './lifecycle/battery-query.js';
import { CertificateIssuer } from './lifecycle/certificate-issuer.js';
import { LifecycleCommandHandler } from './lifecycle/lifecycle-command.js';
import { LifecycleRepository } from './lifecycle/lifecycle.repository.js';
import { SiteCommandHandler } from './lifecycle/site-command.js';
import { GetSiteHandler } from './lifecycle/site-query.js';
import { SitesController } from './sites/sites.controller.js';
import { CONFIG, DATABASE, EVENT_STORE, GRADING_POLICY, LOGGER, PROJECTIONS, SIGNING_KEYS } from './tokens.js';
import { VIEW_CONTROLLERS, VIEW_PROVIDERS } from './views/view-providers.js';

@Module({})
export class AppModule {
  static register(config: AppConfig, infrastructure: Infrastructure): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false }), ConsoleModule],
      controllers: [HealthController, SitesController, BatteryCommandsController, BatteryQueriesController, CertificatesController, AuditController, ...VIEW_CONTROLLERS, ProjectionsAdminController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: infrastructure.log },
        { provide: DATABASE, useValue: infrastructure.database },
        { provide: EVENT_STORE, useValue: infrastructure.eventStore },
        { provide: SIGNING_KEYS, useValue: infrastructure.signingKeys },
        { provide: GRADING_POLICY, useValue: infrastructure.gradingPolicy },
        { provide: PROJECTIONS, useValue: infrastructure.projections },
        { provide: IdempotencyStore, useValue: new IdempotencyStore(infrastructure.database) },
        IdempotencyJanitor,
        CommandPipeline,
        LifecycleRepository,
        CertificateIssuer,
        LifecycleCommandHandler,
        SiteCommandHandler,
        GetBatteryHandler,
        GetSiteHandler,
        ...CERTIFICATE_PROVIDERS,
        ...AUDIT_PROVIDERS,
        ...VIEW_PROVIDERS,
        ...ADMIN_PROVIDERS,
      ],
    };
  }
}
