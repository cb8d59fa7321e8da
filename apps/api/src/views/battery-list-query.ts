import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SqlExecutor } from '#libs/database';
import {
  InvalidBatteryListQuery,
  VIEW_PROJECTIONS,
  queryBatteryList,
  type BatteryList,
  type BatteryListQuery,
  type ProjectionRunner,
} from '#libs/projections';
import { badRequest } from '../http/problem.js';
import { DATABASE, PROJECTIONS } from '../tokens.js';
import { awaitMinPosition } from './min-position.js';

export class ListBatteriesQuery extends Query<BatteryList> {
  constructor(
    readonly filters: BatteryListQuery,
    readonly minPosition?: string,
  ) {
    super();
  }
}

/** `GET /api/v1/batteries`: the battery list read model, filtered and paged by id. */
@QueryHandler(ListBatteriesQuery)
export class ListBatteriesHandler implements IQueryHandler<ListBatteriesQuery, BatteryList> {
  constructor(
    @Inject(DATABASE) private readonly db: SqlExecutor,
    @Inject(PROJECTIONS) private readonly runner: ProjectionRunner,
  ) {}

  async execute({ filters, minPosition }: ListBatteriesQuery): Promise<BatteryList> {
    await awaitMinPosition(this.runner, minPosition, VIEW_PROJECTIONS.batteryList);
    try {
      return await queryBatteryList(this.db, filters);
    } catch (error) {
      if (error instanceof InvalidBatteryListQuery) throw badRequest(error.message, [{ field: error.field, message: error.message }]);
      throw error;
    }
  }
}
