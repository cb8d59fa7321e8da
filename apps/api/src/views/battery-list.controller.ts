import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CHEMISTRIES, GRADES, PASSPORT_STATUSES, STAGES } from '#libs/lifecycle';
import { BATTERY_LIST_LIMIT } from '#libs/projections';
import { AnyRole } from '../auth/access.js';
import { ID_PATTERN } from '../http/validators.js';
import { ListBatteriesQuery } from './battery-list-query.js';
import { MIN_POSITION_DOC } from './min-position.js';
import { QueryParams } from './query-params.js';

const FILTERS = { status: PASSPORT_STATUSES, stage: STAGES, chemistry: CHEMISTRIES, grade: GRADES } as const;

/** The list read model; `GET /api/v1/batteries/{id}` (folded from the stream) lives in BatteryQueriesController. */
@ApiTags('batteries')
@ApiBearerAuth()
@Controller('api/v1/batteries')
export class BatteryListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Batteries filtered by status, stage, chemistry, latest grade and the site holding them; paged by id.' })
  @ApiQuery({ name: 'status', required: false, enum: PASSPORT_STATUSES })
  @ApiQuery({ name: 'stage', required: false, enum: STAGES })
  @ApiQuery({ name: 'chemistry', required: false, enum: CHEMISTRIES })
  @ApiQuery({ name: 'grade', required: false, enum: GRADES, description: 'Latest grade.' })
  @ApiQuery({
    name: 'siteId',
    required: false,
    description: 'The site holding the battery (received there, not yet gone to second life or recycling).',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: 'integer',
    description: `1-${BATTERY_LIST_LIMIT.max} (default ${BATTERY_LIST_LIMIT.default}).`,
  })
  @ApiQuery({ name: 'cursor', required: false, description: "The previous page's nextCursor." })
  @ApiQuery(MIN_POSITION_DOC)
  @ApiServiceUnavailableResponse({ description: 'minPosition not reached within the wait (problem+json, Retry-After).' })
  list(@Query() query: Record<string, unknown>) {
    const params = new QueryParams(query, [...Object.keys(FILTERS), 'siteId', 'limit', 'cursor', 'minPosition']);
    const filters = {
      status: params.oneOf('status', FILTERS.status),
      stage: params.oneOf('stage', FILTERS.stage),
      chemistry: params.oneOf('chemistry', FILTERS.chemistry),
      grade: params.oneOf('grade', FILTERS.grade),
      siteId: params.text('siteId', ID_PATTERN, 'must be 1-100 characters of A-Z a-z 0-9 . _ : -'),
      limit: params.integer('limit', 1, BATTERY_LIST_LIMIT.max),
      cursor: params.text('cursor', /^[A-Za-z0-9_-]{1,1000}$/, 'must be a nextCursor this list returned'),
    };
    const minPosition = params.minPosition();
    params.check('battery list');
    return this.queries.execute(new ListBatteriesQuery(filters, minPosition));
  }
}
