import type { ZoneSpec } from './site-events.js';

/** `POST /api/v1/sites` body. */
export interface CreateSiteBody {
  siteId: string;
  name: string;
  zones: ZoneSpec[];
}

export type CreateSite = { type: 'CreateSite' } & CreateSiteBody;

/** Slots change only with a battery moving, through `decideStorage`, so this is the only site command. */
export type SiteCommand = CreateSite;
