export { SOC_BANDS, SOH_BANDS, type SocBand, type SohBand } from './summaries/bands.js';
export type { BatterySummary } from './summaries/battery-summary.js';
export type { CertificateSummary } from './summaries/certificate-summary.js';
export type { ZoneSummary } from './summaries/zone-summary.js';
export { projectEvents, type ReadModelState } from './summaries/read-model-state.js';

export { VIEW_PROJECTIONS, type ViewName } from './views/view-projections.js';
export type {
  BatteryList,
  BatteryListItem,
  CertificatesView,
  ChemistryGrades,
  CircularityView,
  Element,
  ElementRecovery,
  GradesView,
  InventoryView,
  InventoryZone,
  LifecycleView,
  MaterialsView,
} from './views/view-types.js';
export { inventoryView, queryInventoryView, type InventoryViewQuery } from './views/inventory-view.js';
export { lifecycleView, queryLifecycleView } from './views/lifecycle-view.js';
export { gradesView, queryGradesView } from './views/grades-view.js';
export { circularityView, queryCircularityView } from './views/circularity-view.js';
export { RECOVERY_TARGET_PCT, materialsView, queryMaterialsView } from './views/materials-view.js';
export { certificatesView, queryCertificatesView, type CertificatesViewQuery } from './views/certificates-view.js';
export { BATTERY_LIST_LIMIT, InvalidBatteryListQuery, batteryList, queryBatteryList, type BatteryListQuery } from './views/battery-list.js';

export {
  BATTERIES_PROJECTION,
  BATTERY_CERTIFICATES_TABLE,
  BATTERY_SUMMARY_TABLE,
  batteriesProjection,
} from './read-models/batteries-projection.js';
export { SITES_PROJECTION, SITE_ZONES_TABLE, sitesProjection } from './read-models/sites-projection.js';
export { PROJECTIONS } from './read-models/projections.js';

export { LIVE_TABLES, type Projection, type TableNames } from './runner/projection.js';
export {
  projectionMigrationNamespace,
  readViewPosition,
  RUNNER_MIGRATION_NAMESPACE,
  runnerMigrations,
  type FailedEvent,
} from './runner/checkpoints.js';
export { ProjectionFailed } from './runner/apply-batch.js';
export type { ProjectionLogger } from './runner/projection-logger.js';
export type { RebuildProgress } from './runner/rebuild.js';
export {
  ProjectionCommandRejected,
  ProjectionRunner,
  UnknownProjection,
  type ProjectionRunnerOptions,
  type ProjectionState,
  type ProjectionStatus,
} from './runner/projection-runner.js';
export { openProjections, type OpenProjections } from './open-projections.js';
