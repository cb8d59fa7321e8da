import { BatteryListController } from './battery-list.controller.js';
import { ListBatteriesHandler } from './battery-list-query.js';
import { GetViewHandler } from './view-query.js';
import { ViewsController } from './views.controller.js';

/** The read-model routes, for the app module (they need the PROJECTIONS and DATABASE tokens). */
export const VIEW_CONTROLLERS = [ViewsController, BatteryListController];
export const VIEW_PROVIDERS = [GetViewHandler, ListBatteriesHandler];
