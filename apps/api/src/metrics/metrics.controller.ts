import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CellpathMetrics } from '#libs/metrics';
import { Roles } from '../auth/access.js';
import { METRICS } from '../tokens.js';

/**
 * Prometheus exposition on the API's own port, for the admin key only: the figures (routes,
 * lag, outages) map the deployment. Prometheus sends the key with `authorization.credentials_file`.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: CellpathMetrics) {}

  @Get()
  @Roles()
  @ApiBearerAuth()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format 0.0.4), admin only.' })
  async metricsText(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.exposition();
    void reply.header('content-type', contentType);
    return body;
  }
}
