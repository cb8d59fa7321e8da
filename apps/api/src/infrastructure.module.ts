import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '#libs/config';
import type { Infrastructure } from './infrastructure.js';
import { CONFIG, DATABASE, EVENT_STORE, GRADING_POLICY, LOGGER, METRICS, PROJECTIONS, SIGNING_KEYS } from './tokens.js';

/** The infrastructure opened before Nest starts (see infrastructure.ts), injectable everywhere by token. */
@Global()
@Module({})
export class InfrastructureModule {
  static register(config: AppConfig, infrastructure: Infrastructure): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: config },
      { provide: LOGGER, useValue: infrastructure.log },
      { provide: DATABASE, useValue: infrastructure.database },
      { provide: EVENT_STORE, useValue: infrastructure.eventStore },
      { provide: SIGNING_KEYS, useValue: infrastructure.signingKeys },
      { provide: GRADING_POLICY, useValue: infrastructure.gradingPolicy },
      { provide: PROJECTIONS, useValue: infrastructure.projections },
      { provide: METRICS, useValue: infrastructure.metrics },
    ];
    return { module: InfrastructureModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
