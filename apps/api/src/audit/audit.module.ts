import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { AuditController } from './audit.controller.js';
import { BatteryHistory } from './battery-history.js';
import { BatteryLineage } from './battery-lineage.js';

/** Contract "Audit": a battery's verified history and its lineage. */
@Module({
  imports: [LifecycleModule, ReadModelsModule],
  controllers: [AuditController],
  providers: [BatteryHistory, BatteryLineage],
  exports: [BatteryHistory],
})
export class AuditModule {}
