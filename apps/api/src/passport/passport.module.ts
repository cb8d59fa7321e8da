import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '#libs/config';
import type { Infrastructure } from '../infrastructure.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { CONFIG, EVENT_STORE } from '../tokens.js';
import { PassportPageController } from './passport-page.controller.js';
import { PassportController } from './passport.controller.js';
import { PassportReader } from './passport-reader.js';

/** Contract "Battery passport" (reads only): exports, completeness, the public page and the label QR code. */
@Module({})
export class PassportModule {
  static register(config: AppConfig, infrastructure: Infrastructure): DynamicModule {
    return {
      module: PassportModule,
      imports: [OrganisationsModule],
      controllers: [PassportController, PassportPageController],
      providers: [{ provide: CONFIG, useValue: config }, { provide: EVENT_STORE, useValue: infrastructure.eventStore }, PassportReader],
    };
  }
}
