import { Module } from '@nestjs/common';
import { BatteryQueriesController } from '../batteries/battery-queries.controller.js';
import { SitesController } from '../sites/sites.controller.js';
import { GetBatteryHandler } from './battery-query.js';
import { LifecycleRepository } from './lifecycle.repository.js';
import { GetSiteHandler } from './site-query.js';

/** Batteries and sites as their streams say now (or as of a time): the write side's state, read. */
@Module({
  controllers: [SitesController, BatteryQueriesController],
  providers: [LifecycleRepository, GetBatteryHandler, GetSiteHandler],
  exports: [LifecycleRepository],
})
export class LifecycleModule {}
