import type { RecordedEvent } from '#libs/event-store';
import {
  BatteryNotFound,
  batteryEventFromStored,
  evolveBattery,
  evolveOrganisation,
  evolveSite,
  initialBatteryState,
  initialOrganisationState,
  organisationEventFromStored,
  initialSiteState,
  siteEventFromStored,
  type BatteryEvent,
  type BatteryState,
  type OrganisationEvent,
  type OrganisationState,
  type SiteEvent,
  type SiteState,
} from '#libs/lifecycle';
import { batteryStream, organisationStream, siteStream } from './stream-names.js';

/** What the command path needs to know of a kind of stream: its name, fold and how many states to keep. */
export interface Aggregate<S, E extends { type: string; data: object } = { type: string; data: object }> {
  readonly name: string;
  streamId(id: string): string;
  readonly initial: S;
  evolve(state: S, event: E): S;
  fromStored(event: RecordedEvent): E;
  /** How many streams' latest states a process keeps (see RecentStreamStates). */
  readonly kept: number;
  /** For commands on a stream that must exist: the 404 to give when it does not. */
  requireExisting?(state: S, id: string): void;
  /** The site the record is at now, for site-scoped keys (null: at none). */
  siteOf?(state: S): string | null;
}

export const BATTERY: Aggregate<BatteryState, BatteryEvent> = {
  name: 'battery',
  streamId: batteryStream,
  initial: initialBatteryState,
  evolve: evolveBattery,
  fromStored: batteryEventFromStored,
  kept: 10_000,
  requireExisting(state, id) {
    if (!state.registered) throw new BatteryNotFound(id);
  },
  siteOf: (state) => (state.registered ? state.siteId : null),
};

export const SITE: Aggregate<SiteState, SiteEvent> = {
  name: 'site',
  streamId: siteStream,
  initial: initialSiteState,
  evolve: evolveSite,
  fromStored: siteEventFromStored,
  kept: 1_000,
  siteOf: (state) => (state.created ? state.siteId : null),
};

/** Few and small: every organisation a centre deals with stays folded. */
export const ORGANISATION: Aggregate<OrganisationState, OrganisationEvent> = {
  name: 'organisation',
  streamId: organisationStream,
  initial: initialOrganisationState,
  evolve: evolveOrganisation,
  fromStored: organisationEventFromStored,
  kept: 1_000,
};
