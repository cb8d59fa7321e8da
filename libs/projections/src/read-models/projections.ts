import type { Projection } from '../runner/projection.js';
import { batteriesProjection } from './batteries-projection.js';
import { sitesProjection } from './sites-projection.js';

/** Every projection the views read; hand this list to the ProjectionRunner. */
export const PROJECTIONS: readonly Projection[] = [batteriesProjection, sitesProjection];
