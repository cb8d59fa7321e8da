import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../tokens.js';
import { IdempotencyStore, RETENTION_HOURS } from './idempotency.store.js';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Deletes Idempotency-Key records past their retention, hourly, so the table stays small. */
@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS).unref();
    void this.purge();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    try {
      const purged = await this.store.purgeExpired();
      if (purged > 0) this.log.info({ purged, retentionHours: RETENTION_HOURS }, 'expired idempotency keys purged');
      return purged;
    } catch (error) {
      this.log.warn({ err: error }, 'idempotency key purge failed; retrying next hour');
      return 0;
    }
  }
}
