import { Module } from '@nestjs/common';
import { DeadLetterEventHandler, GetProjectionStatusHandler, RebuildProjectionHandler } from './projection-admin.js';
import { ProjectionsAdminController } from './projections-admin.controller.js';

/** Operating the projections: status, rebuild, dead-lettering. */
@Module({
  controllers: [ProjectionsAdminController],
  providers: [GetProjectionStatusHandler, RebuildProjectionHandler, DeadLetterEventHandler],
})
export class AdminModule {}
