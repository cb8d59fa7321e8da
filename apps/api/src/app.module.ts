import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '#libs/config';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { ConsoleModule } from './console/console.module.js';
import { CommandsModule } from './commands/commands.module.js';
import { HealthModule } from './health/health.module.js';
import type { Infrastructure } from './infrastructure.js';
import { InfrastructureModule } from './infrastructure.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { LogModule } from './log/log.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { PassportModule } from './passport/passport.module.js';
import { ReadModelsModule } from './read-models/read-models.module.js';
import { ViewsModule } from './views/views.module.js';

/** The API: one feature module per part of the contract, around the infrastructure opened by the caller. */
@Module({})
export class AppModule {
  static register(config: AppConfig, infrastructure: Infrastructure): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.register(config, infrastructure),
        HealthModule,
        MetricsModule,
        LifecycleModule,
        OrganisationsModule,
        ReadModelsModule,
        CommandsModule,
        CertificatesModule,
        AuditModule,
        ViewsModule,
        AdminModule,
        LogModule.register(infrastructure),
        PassportModule.register(config, infrastructure),
        ConsoleModule,
      ],
    };
  }
}
