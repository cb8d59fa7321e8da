import { Module } from '@nestjs/common';
import { BatteryListController } from './battery-list.controller.js';
import { ListBatteriesHandler } from './battery-list-query.js';
import { GetViewHandler } from './view-query.js';
import { ViewsController } from './views.controller.js';

/** Contract "Views" and the battery list: the projections' tables, read. */
@Module({ controllers: [ViewsController, BatteryListController], providers: [GetViewHandler, ListBatteriesHandler] })
export class ViewsModule {}
