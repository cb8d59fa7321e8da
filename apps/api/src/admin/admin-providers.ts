import { DeadLetterEventHandler, GetProjectionStatusHandler, RebuildProjectionHandler } from './projection-admin.js';

/** What ProjectionsAdminController needs, for the app module (it needs the PROJECTIONS token). */
export const ADMIN_PROVIDERS = [GetProjectionStatusHandler, RebuildProjectionHandler, DeadLetterEventHandler];
