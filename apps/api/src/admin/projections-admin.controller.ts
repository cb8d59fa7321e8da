import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { ProblemException } from '../http/problem.js';
import { DeadLetterEventDto } from './dead-letter.dto.js';
import { DeadLetterEventCommand, GetProjectionStatusQuery, RebuildProjectionCommand } from './projection-admin.js';

const projectionName = () => Param('name', new IdParamPipe('name'));

/** Operating the read models: status, rebuild, explicit dead-lettering. Admin only. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/projections')
export class ProjectionsAdminController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @Roles()
  @ApiOperation({ summary: "Each projection's position, lag, state, code and stored version, failure and rebuild progress." })
  list() {
    return this.queries.execute(new GetProjectionStatusQuery());
  }

  @Get(':name')
  @Roles()
  @ApiOperation({ summary: "One projection's status." })
  async get(@projectionName() name: string) {
    const status = (await this.queries.execute(new GetProjectionStatusQuery())).find((projection) => projection.name === name);
    if (status === undefined) throw new ProblemException(404, 'not-found/projection', `no projection named ${name}`);
    return status;
  }

  @Post(':name/rebuild')
  @Roles()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Replays the log from position 0 into shadow tables and swaps them in; the live views answer meanwhile.',
    description:
      'Answers once the rebuild has started (its first progress report); follow it in GET /api/v1/admin/projections/{name}. ' +
      '409 when a rebuild is running, or when this process does not hold the projection lease: with CELLPATH_RUN_PROJECTIONS=false ' +
      'a projector applies the events; rebuild with npm run projections:rebuild -- <name> --wait and restart the projector.',
  })
  async rebuild(@projectionName() name: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const progress = await this.commands.execute(new RebuildProjectionCommand(name));
    void reply.header('location', `/api/v1/admin/projections/${name}`);
    return { name, rebuild: progress };
  }

  @Post(':name/dead-letter')
  @Roles()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dead-letters the event a failed projection stopped at, so it goes on without it (and rebuilds skip it too).',
    description: '409 unless the projection is failed at exactly that event.',
  })
  async deadLetter(@projectionName() name: string, @Body() body: DeadLetterEventDto) {
    await this.commands.execute(new DeadLetterEventCommand(name, body.eventId));
    return this.get(name);
  }
}
