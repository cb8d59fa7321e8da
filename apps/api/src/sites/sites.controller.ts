import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnyRole, Roles } from '../auth/access.js';
import { IdParamPipe, requestContext, sendCommandResponse } from '../commands/http-command.js';
import { ExecuteSiteCommand } from '../lifecycle/site-command.js';
import { GetSiteQuery } from '../lifecycle/site-query.js';
import { CreateSiteDto } from './create-site.dto.js';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('api/v1/sites')
export class SitesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('operator')
  async create(@Body() body: CreateSiteDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const response = await this.commands.execute(new ExecuteSiteCommand({ type: 'CreateSite', ...body }, requestContext(request, body)));
    return sendCommandResponse(reply, response);
  }

  @Get(':siteId')
  @AnyRole()
  get(@Param('siteId', new IdParamPipe('siteId')) siteId: string) {
    return this.queries.execute(new GetSiteQuery(siteId));
  }
}
