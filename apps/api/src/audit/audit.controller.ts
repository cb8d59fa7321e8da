import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnyRole } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { BatteryHistory } from './battery-history.js';
import { BatteryLineage } from './battery-lineage.js';
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, parseHistoryRequest } from './history-request.js';

const batteryId = () => Param('id', new IdParamPipe('id'));

/** The audit reads of "Batteries: queries" (docs/audit.md): history, its verification, the bundle, lineage. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/batteries')
export class AuditController {
  constructor(
    private readonly history: BatteryHistory,
    private readonly lineage: BatteryLineage,
  ) {}

  @Get(':id/history')
  @AnyRole()
  @ApiOperation({
    summary: 'Events oldest first with their hash chain, paged; or ?format=bundle for the whole record, verifiable offline.',
  })
  @ApiQuery({ name: 'fromRevision', required: false, type: 'integer', description: 'First revision to return (default 0).' })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: 'integer',
    description: `Events per page, 1-${HISTORY_PAGE_MAX} (default ${HISTORY_PAGE_DEFAULT}).`,
  })
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['bundle'],
    description: 'bundle: every event plus the hash recipe and verification.',
  })
  async getHistory(
    @batteryId() id: string,
    @Query('fromRevision') fromRevision: unknown,
    @Query('limit') limit: unknown,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = parseHistoryRequest({ fromRevision, limit, format });
    if (request.format === 'page') return this.history.page(id, request.fromRevision, request.limit);
    const bundle = await this.history.bundle(id, new Date().toISOString());
    void reply.header('content-disposition', `attachment; filename="${id}.history.json"`);
    return bundle;
  }

  @Get(':id/history/verify')
  @AnyRole()
  @ApiOperation({ summary: 'Recomputes the hash chain from the stored events: {valid, eventCount[, brokenAtRevision, reason]}.' })
  verify(@batteryId() id: string) {
    return this.history.verify(id);
  }

  @Get(':id/lineage')
  @AnyRole()
  @ApiOperation({ summary: 'Predecessors and successors, recursively, with each battery status; cycle-safe.' })
  getLineage(@batteryId() id: string) {
    return this.lineage.trace(id);
  }
}
