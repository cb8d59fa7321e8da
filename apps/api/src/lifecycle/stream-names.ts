/** One stream per battery and one per site; projections filter on these prefixes. */
export const BATTERY_STREAM_PREFIX = 'battery-';
export const SITE_STREAM_PREFIX = 'site-';

export const batteryStream = (batteryId: string) => BATTERY_STREAM_PREFIX + batteryId;
export const siteStream = (siteId: string) => SITE_STREAM_PREFIX + siteId;
