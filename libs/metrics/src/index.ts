export { CellpathMetrics, type LagSources } from './metrics.js';
