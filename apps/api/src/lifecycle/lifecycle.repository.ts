import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '#libs/event-store';
import type { BatteryState, SiteState } from '#libs/lifecycle';
import type { Freshness } from '../commands/command-pipeline.js';
import { EVENT_STORE } from '../tokens.js';
import { BATTERY, SITE, type Aggregate } from './aggregates.js';
import { RecentStreamStates, type FoldedStream } from './recent-stream-states.js';

export type LoadedBattery = FoldedStream<BatteryState>;
export type LoadedSite = FoldedStream<SiteState>;

/** Rebuilds aggregates from their streams; a missing stream is the initial state, not an error. */
@Injectable()
export class LifecycleRepository {
  private readonly states = new Map<Aggregate<unknown>, RecentStreamStates<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The battery as stored now. */
  battery(batteryId: string): Promise<LoadedBattery> {
    return this.latest(BATTERY, batteryId);
  }

  /** The battery as the system knew it at `cutoffMs`: its events up to the first one recorded later. */
  batteryAsOf(batteryId: string, cutoffMs: number): Promise<LoadedBattery> {
    return this.of(BATTERY).asOf(BATTERY.streamId(batteryId), cutoffMs);
  }

  async site(siteId: string): Promise<SiteState> {
    return (await this.latest(SITE, siteId)).state;
  }

  /** The stream as stored now. */
  latest<S>(aggregate: Aggregate<S>, id: string): Promise<FoldedStream<S>> {
    return this.of(aggregate).latest(aggregate.streamId(id));
  }

  /** For a command that appends to the stream with the loaded revision as its expectation. */
  toWrite<S>(aggregate: Aggregate<S>, id: string, freshness: Freshness): Promise<FoldedStream<S> & { kept: boolean }> {
    return this.of(aggregate).toWrite(aggregate.streamId(id), freshness);
  }

  /** After a command's append to a stream it loaded with `toWrite`. */
  written<S>(aggregate: Aggregate<S>, id: string, loaded: FoldedStream<S>, appended: readonly RecordedEvent[]): void {
    this.of(aggregate).appended(aggregate.streamId(id), loaded, appended);
  }

  private of<S>(aggregate: Aggregate<S>): RecentStreamStates<S> {
    let states = this.states.get(aggregate as Aggregate<unknown>) as RecentStreamStates<S> | undefined;
    if (states === undefined) {
      states = new RecentStreamStates<S>(
        this.store,
        aggregate.initial,
        (state, event) => aggregate.evolve(state, aggregate.fromStored(event)),
        aggregate.kept,
      );
      this.states.set(aggregate as Aggregate<unknown>, states as RecentStreamStates<unknown>);
    }
    return states;
  }
}
