/**
 * Stable ids of the lifecycle rules a command can break (HTTP 409). Clients and tests match on
 * these, so an id never changes meaning; README.md explains each one.
 */
export const LIFECYCLE_RULES = [
  'battery-already-registered',
  'battery-recycled',
  'battery-handed-over',
  'receipt-required',
  'storage-at-receiving-site',
  'battery-already-stored',
  'battery-not-stored',
  'battery-in-slot',
  'slot-occupied',
  'zone-full',
  'damaged-critical-needs-isolation-zone',
  'site-already-exists',
  'organisation-already-exists',
  'diagnosis-before-evaluation',
  'certification-needs-evaluation',
  'certification-needs-grade-a-or-b',
  'certification-needs-passing-diagnosis',
  'active-certificate-exists',
  'certificate-id-taken',
  'certificate-not-active',
  'second-life-needs-certificate-for-application',
  'battery-superseded',
  'successor-must-name-predecessor',
  'recycling-needs-hand-over',
  'battery-transferred',
] as const;
export type LifecycleRule = (typeof LIFECYCLE_RULES)[number];
