import { organisationStreamId, siteStreamId } from '#libs/lifecycle';

/**
 * The contract's hash chain hashes `streamId` as the battery id, so a battery's stream is named
 * by its id alone; site streams are `site/<id>`, and `/` cannot occur in an id, so they never clash.
 */
export const batteryStream = (batteryId: string) => batteryId;
export const siteStream = siteStreamId;
export const organisationStream = organisationStreamId;
