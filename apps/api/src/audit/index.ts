import { BatteryHistory } from './battery-history.js';
import { BatteryLineage } from './battery-lineage.js';
import { LineageIndex } from './lineage-index.js';

export { AuditController } from './audit.controller.js';
export const AUDIT_PROVIDERS = [BatteryHistory, BatteryLineage, LineageIndex];
