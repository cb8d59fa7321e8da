import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';

/** GET /metrics; the registry itself is infrastructure (METRICS), fed by the store, the HTTP hook and the handlers. */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
