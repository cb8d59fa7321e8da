import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AppConfig } from '#libs/config';
import { CONFIG, LOGGER } from '../tokens.js';

/**
 * Set when the app starts closing (SIGTERM, through Nest's shutdown hooks). The first of those
 * hooks holds the close for CELLPATH_DRAIN_MS while requests are still served, so a load balancer
 * sees /health/ready fail and stops sending traffic before the server stops accepting connections.
 */
@Injectable()
export class Draining implements OnModuleDestroy {
  private started = false;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  get active(): boolean {
    return this.started;
  }

  async onModuleDestroy(): Promise<void> {
    this.started = true;
    if (this.config.drainMs === 0) return;
    this.log.info({ drainMs: this.config.drainMs }, 'draining: /health/ready answers 503 until the server closes');
    await sleep(this.config.drainMs);
  }
}
