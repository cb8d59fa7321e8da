import type { BatteryEvent, SiteEvent } from '#libs/lifecycle';

/** Events a command is about to append to one stream, named by the id of what the stream records. */
export interface PendingEvents {
  id: string;
  events: readonly (BatteryEvent | SiteEvent)[];
}
