import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnyRole } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { badRequest } from '../http/problem.js';
import { GetBatteryQuery } from '../lifecycle/battery-query.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseAsOf(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !ISO_INSTANT.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw badRequest('asOf must be an ISO 8601 date-time', [{ field: 'asOf', message: 'must be an ISO 8601 date-time' }]);
  }
  return new Date(raw).toISOString();
}

@ApiTags('batteries')
@ApiBearerAuth()
@Controller('api/v1/batteries')
export class BatteryQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @AnyRole()
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: the state folded from events recorded up to then.' })
  async get(@Param('id', new IdParamPipe('id')) id: string, @Query('asOf') asOf: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.queries.execute(new GetBatteryQuery(id, parseAsOf(asOf)));
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }
}
