import { BatteryHistory } from './battery-history.js';
import { BatteryLineage } from './battery-lineage.js';
import { LineageIndex } from './lineage-index.js';

/** What AuditController needs, for the app module's provider list. */
export const AUDIT_PROVIDERS = [BatteryHistory, BatteryLineage, LineageIndex];
