import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, type RecordedEvent, StreamNotFound } from '#libs/event-store';
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
import { EVENT_STORE } from '../tokens.js';
import { batteryStream, siteStream } from './stream-names.js';

export interface LoadedBattery {
  state: BatteryState;
  /** Hash of the stream's last event (null when the stream is empty). */
  lastHash: string | null;
  lastRecordedAt: string | null;
}

/** Rebuilds aggregates from their streams; a missing stream is the initial state, not an error. */
@Injectable()
export class LifecycleRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async battery(batteryId: string, until?: (event: RecordedEvent) => boolean): Promise<LoadedBattery> {
    let state: BatteryState = initialBatteryState;
    let last: RecordedEvent | undefined;
    for (const event of await this.read(batteryStream(batteryId))) {
      if (until && !until(event)) break;
      state = evolveBattery(state, batteryEventFromStored(event));
      last = event;
    }
    return { state, lastHash: last?.hash ?? null, lastRecordedAt: last?.recordedAt ?? null };
  }

  async site(siteId: string): Promise<SiteState> {
    let state: SiteState = initialSiteState;
    for (const event of await this.read(siteStream(siteId))) state = evolveSite(state, siteEventFromStored(event));
    return state;
  }

  private async read(streamId: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
}
