import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '#libs/event-store';
import { Public } from '../auth/access.js';
import { EVENT_STORE } from '../tokens.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eventStore()]);
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('eventStore');
    try {
      return probe.up({ kind: this.store.kind, headPosition: await this.store.headPosition() });
    } catch (error) {
      return probe.down({ kind: this.store.kind, error: (error as Error).message });
    }
  }
}
