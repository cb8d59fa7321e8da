/** Nest injection tokens for the infrastructure opened before the app (see infrastructure.ts). */
export const CONFIG = Symbol('CONFIG');
export const DATABASE = Symbol('DATABASE');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const LOGGER = Symbol('LOGGER');
export const GRADING_POLICY = Symbol('GRADING_POLICY');
export const SIGNING_KEYS = Symbol('SIGNING_KEYS');
export const PROJECTIONS = Symbol('PROJECTIONS');
export const TRANSPARENCY_LOG = Symbol('TRANSPARENCY_LOG');
export const METRICS = Symbol('METRICS');
