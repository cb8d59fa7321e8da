import { BATTERIES_PROJECTION } from '../read-models/batteries-projection.js';
import { SITES_PROJECTION } from '../read-models/sites-projection.js';

/** The projections each view reads: `?minPosition=` waits for all of them. */
export const VIEW_PROJECTIONS = {
  inventory: [BATTERIES_PROJECTION, SITES_PROJECTION],
  lifecycle: [BATTERIES_PROJECTION],
  grades: [BATTERIES_PROJECTION],
  circularity: [BATTERIES_PROJECTION],
  materials: [BATTERIES_PROJECTION],
  certificates: [BATTERIES_PROJECTION],
  batteryList: [BATTERIES_PROJECTION],
} as const satisfies Record<string, readonly string[]>;

export type ViewName = keyof typeof VIEW_PROJECTIONS;
