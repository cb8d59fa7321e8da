import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { GetSiteQuery } from '../lifecycle/site-query.js';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('api/v1/sites')
export class SitesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':siteId')
  @AnyRole()
  get(@Param('siteId', new IdParamPipe('siteId')) siteId: string) {
    return this.queries.execute(new GetSiteQuery(siteId));
  }
}
