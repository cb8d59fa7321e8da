import { Inject, Injectable } from '@nestjs/common';
import type { AppendResult, EventStore } from '#libs/event-store';
import {
  batteryEventFromStored,
  evolveBattery,
  evolveSite,
  initialBatteryState,
  initialSiteState,
  siteEventFromStored,
  type BatteryState,
  type SiteState,
} from '#libs/lifecycle';
import type { Freshness } from '../commands/command-pipeline.js';
import { EVENT_STORE } from '../tokens.js';
import { RecentStreamStates, type FoldedStream } from './recent-stream-states.js';
import { batteryStream, siteStream } from './stream-names.js';

export type LoadedBattery = FoldedStream<BatteryState>;
export type LoadedSite = FoldedStream<SiteState>;


const KEPT_BATTERIES = 10_000;
const KEPT_SITES = 1_000;

/** Rebuilds aggregates from their streams; a missing stream is the initial state, not an error. */
@Injectable()
export class LifecycleRepository {
  private readonly batteries: RecentStreamStates<BatteryState>;
  private readonly sites: RecentStreamStates<SiteState>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.batteries = new RecentStreamStates<BatteryState>(store, initialBatteryState, (state, event) => evolveBattery(state, batteryEventFromStored(event)), KEPT_BATTERIES);
    this.sites = new RecentStreamStates<SiteState>(store, initialSiteState, (state, event) => evolveSite(state, siteEventFromStored(event)), KEPT_SITES);
  }

  /** The battery as stored now. */
  battery(batteryId: string): Promise<LoadedBattery> {
    return this.batteries.latest(batteryStream(batteryId));
  }

  /** The battery as the system knew it at `cutoffMs`: its events up to the first one recorded later. */
  batteryAsOf(batteryId: string, cutoffMs: number): Promise<LoadedBattery> {
    return this.batteries.asOf(batteryStream(batteryId), cutoffMs);
  }

  async site(siteId: string): Promise<SiteState> {
    return (await this.sites.latest(siteStream(siteId))).state;
  }

  /** For a command that appends to the battery's stream with the loaded revision as its expectation. */
  batteryToWrite(batteryId: string, freshness: Freshness): Promise<LoadedBattery & { kept: boolean }> {
    return this.batteries.toWrite(batteryStream(batteryId), freshness);
  }

  /** For a command that appends to the site's stream with the loaded revision as its expectation. */
  siteToWrite(siteId: string, freshness: Freshness): Promise<LoadedSite & { kept: boolean }> {
    return this.sites.toWrite(siteStream(siteId), freshness);
  }

  /** After a command's append: its results, in the order battery, site. */
  written(batteryId: string, battery: LoadedBattery, site: { siteId: string; loaded: LoadedSite } | undefined, results: readonly AppendResult[]): void {
    this.batteries.appended(batteryStream(batteryId), battery, results[0]?.events ?? []);
    if (site) this.sites.appended(siteStream(site.siteId), site.loaded, results[1]?.events ?? []);
  }
}
