import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../auth/access.js';
import { MIN_POSITION_DOC } from './min-position.js';
import { QueryParams } from './query-params.js';
import { GetViewQuery, type ContractView } from './view-query.js';

/** The circular-economy views (shared/api.md "Views"): projections, eventually consistent. */
@ApiTags('views')
@ApiBearerAuth()
@ApiQuery(MIN_POSITION_DOC)
@ApiServiceUnavailableResponse({ description: 'minPosition not reached within the wait (problem+json, Retry-After).' })
@Controller('api/v1/views')
export class ViewsController {
  constructor(private readonly queries: QueryBus) {}

  private read<Name extends ContractView>(view: Name, query: Record<string, unknown>) {
    const params = new QueryParams(query, ['minPosition']);
    const minPosition = params.minPosition();
    params.check(`${view} view`);
    return this.queries.execute(new GetViewQuery(view, minPosition));
  }

  @Get('inventory')
  @AnyRole()
  @ApiOperation({ summary: 'Stored batteries by site × zone × hazard class × state-of-charge band, with dwell time and free capacity.' })
  inventory(@Query() query: Record<string, unknown>) {
    return this.read('inventory', query);
  }

  @Get('lifecycle')
  @AnyRole()
  @ApiOperation({ summary: 'Batteries by stage and by passport status (all keys present).' })
  lifecycle(@Query() query: Record<string, unknown>) {
    return this.read('lifecycle', query);
  }

  @Get('grades')
  @AnyRole()
  @ApiOperation({ summary: "Each battery's latest grade and state-of-health bucket, by chemistry." })
  grades(@Query() query: Record<string, unknown>) {
    return this.read('grades', query);
  }

  @Get('circularity')
  @AnyRole()
  @ApiOperation({ summary: 'Second life versus recycling: steps reached, second-life kinds, applications and kWh.' })
  circularity(@Query() query: Record<string, unknown>) {
    return this.read('circularity', query);
  }

  @Get('materials')
  @AnyRole()
  @ApiOperation({ summary: 'Material recovered against declared content and the EU 2027 targets, over recycled batteries.' })
  materials(@Query() query: Record<string, unknown>) {
    return this.read('materials', query);
  }

  @Get('certificates')
  @AnyRole()
  @ApiOperation({ summary: 'Reuse certificates issued, active, revoked, expired; issued by application.' })
  certificates(@Query() query: Record<string, unknown>) {
    return this.read('certificates', query);
  }
}
