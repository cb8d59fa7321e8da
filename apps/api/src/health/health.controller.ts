import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import type { AppConfig } from '#libs/config';
import type { EventStore } from '#libs/event-store';
import type { ProjectionRunner } from '#libs/projections';
import type { TransparencyLog } from '#libs/transparency-log';
import type { FastifyRequest } from 'fastify';
import type { Database } from '#libs/database';
import { Public, PublicIdentified } from '../auth/access.js';
import { ProblemException } from '../http/problem.js';
import { CONFIG, DATABASE, EVENT_STORE, PROJECTIONS, TRANSPARENCY_LOG } from '../tokens.js';
import { Draining } from './draining.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) private readonly runner: ProjectionRunner,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog,
    @Inject(DATABASE) private readonly database: Database,
    private readonly shutdown: Draining,
  ) {}

  /** Liveness: the process is up and its event loop answers. Nothing else is checked, so an outage never gets it restarted. */
  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  /**
   * Overall health, as the contract's `/health`: the event store answers, no projection has
   * failed, the transparency log's self-audit has not failed. Open, for load balancers and
   * orchestrators: without a key only `{status}` (200) or a bare 503. What runs where, positions,
   * lag and error messages are for key holders (any role): they map the deployment and can carry
   * database error text.
   */
  @Get()
  @PublicIdentified()
  @HealthCheck()
  check(@Req() request: FastifyRequest) {
    return this.answer(request, 'unhealthy', [() => this.eventStore(), () => this.projections(), () => this.transparencyLog()]);
  }

  /**
   * Readiness, for traffic: 503 while draining after SIGTERM, while the event store or the
   * read-model database does not answer, or once the log self-audit has failed (the start-up
   * responder answers it 503 while migrations run, before this controller exists). A failed
   * projection leaves it ready: every instance shares the read models, so taking this one out of
   * rotation would not help. Open like /health, with details for key holders.
   */
  @Get('ready')
  @PublicIdentified()
  @HealthCheck()
  ready(@Req() request: FastifyRequest) {
    return this.answer(request, 'not-ready', [
      () => this.draining(),
      () => this.eventStore(),
      () => this.readModels(),
      () => this.transparencyLog(),
    ]);
  }

  private async answer(request: FastifyRequest, slug: string, checks: HealthIndicatorFunction[]) {
    const identified = request.actor !== undefined;
    try {
      const result = await this.health.check(checks);
      return identified ? result : { status: result.status };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Like every error, a 503 leaves as problem+json; with a key it keeps the checks' details, which say what is down.
      if (!identified) throw new ProblemException(503, slug, `the service is ${slug}; send an API key for details`);
      const { info, error: down, details } = error.getResponse() as HealthCheckResult;
      throw new ProblemException(503, slug, `down: ${Object.keys(down ?? {}).join(', ')}`, {
        extensions: { info, error: down, details },
      });
    }
  }

  private draining(): HealthIndicatorResult {
    const probe = this.indicator.check('draining');
    return this.shutdown.active ? probe.down({ draining: true }) : probe.up({ draining: false });
  }

  /** The database holding the read models (the event store's too unless KurrentDB holds the events). */
  private async readModels(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('readModels');
    try {
      await this.database.query('select 1');
      return probe.up({ kind: this.database.kind });
    } catch (error) {
      return probe.down({ kind: this.database.kind, error: (error as Error).message });
    }
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('eventStore');
    try {
      return probe.up({ kind: this.store.kind, headPosition: await this.store.headPosition() });
    } catch (error) {
      return probe.down({ kind: this.store.kind, error: (error as Error).message });
    }
  }

  /**
   * Each projection's position and lag. A failed projection (it threw on an event and stopped)
   * makes the check `down`, so /health answers 503 and operators notice: its views no longer
   * move until the cause is fixed or the event is dead-lettered. Lag alone is reported, not judged.
   */
  private async projections(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('projections');
    // `stopped` below means "not applied by this process"; a projector process may be applying them.
    const runner = { appliedHere: this.config.runProjections, leader: this.runner.isLeader };
    try {
      const statuses = await this.runner.status();
      const byName = Object.fromEntries(
        statuses.map(({ name, state, position, headPosition, lagEvents, version, storedVersion, error, failedEvent, rebuild }) => [
          name,
          { state, position, headPosition, lagEvents, version, storedVersion, error, failedEvent, rebuild },
        ]),
      );
      const failed = statuses.some(({ state }) => state === 'failed');
      return failed ? probe.down({ ...runner, ...byName }) : probe.up({ ...runner, ...byName });
    } catch (error) {
      return probe.down({ ...runner, error: (error as Error).message });
    }
  }

  /** The log's size and its last self-audit: one that found the stored events changed puts /health down. */
  private async transparencyLog(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('transparencyLog');
    const audit = this.log.auditStatus;
    try {
      const details = { treeSize: await this.log.treeSize(), audit };
      return audit.state === 'failed' ? probe.down(details) : probe.up(details);
    } catch (error) {
      return probe.down({ audit, error: (error as Error).message });
    }
  }
}
