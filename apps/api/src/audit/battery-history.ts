import { Inject, Injectable } from '@nestjs/common';
import { ChainVerifier, historyBundle, toHistoryEntry, type ChainVerification, type HistoryBundle, type HistoryEntry } from '#libs/audit';
import { StreamNotFound, type EventStore, type RecordedEvent } from '#libs/event-store';
import { BatteryNotFound } from '#libs/lifecycle';
import { batteryStream } from '../lifecycle/stream-names.js';
import type { StreamProofs, TransparencyLog } from '#libs/transparency-log';
import { EVENT_STORE, TRANSPARENCY_LOG } from '../tokens.js';

/** Whole-history reads (verification, bundle) go through the store this many events at a time. */
const READ_PAGE = 1000;

export interface HistoryPage {
  batteryId: string;
  events: HistoryEntry[];
  /** Pass as `fromRevision` for the next page; null on the last page. */
  nextFromRevision: number | null;
}

/** A battery's stream read as its audit trail: pages, chain verification, the offline bundle. */
@Injectable()
export class BatteryHistory {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog,
  ) {}

  async page(batteryId: string, fromRevision: number, limit: number): Promise<HistoryPage> {
    // One event more than asked tells whether another page follows without a second read.
    const events = await this.read(batteryId, fromRevision, limit + 1);
    const shown = events.slice(0, limit);
    const nextFromRevision = events.length > limit ? shown[shown.length - 1]!.revision + 1 : null;
    return { batteryId, events: shown.map(toHistoryEntry), nextFromRevision };
  }

  async verify(batteryId: string): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    for await (const page of this.pages(batteryId)) page.forEach((entry) => verifier.add(entry));
    return verifier.result();
  }

  /** Every event of the battery, oldest first. */
  async entries(batteryId: string): Promise<HistoryEntry[]> {
    const events: HistoryEntry[] = [];
    for await (const page of this.pages(batteryId)) events.push(...page);
    return events;
  }

  /** The bundle also carries a signed checkpoint and each event's inclusion proof in it (events not yet logged have none). */
  async bundle(batteryId: string, exportedAt: string): Promise<HistoryBundle & { log: StreamProofs }> {
    const events = await this.entries(batteryId);
    const log = await this.log.proofsFor(
      batteryStream(batteryId),
      events.map((event) => event.revision),
    );
    return { ...historyBundle(batteryId, events, exportedAt), log };
  }

  private async *pages(batteryId: string): AsyncGenerator<HistoryEntry[]> {
    for (let from = 0; ;) {
      const page = await this.read(batteryId, from, READ_PAGE);
      yield page.map(toHistoryEntry);
      if (page.length < READ_PAGE) return;
      from = page[page.length - 1]!.revision + 1;
    }
  }

  private async read(batteryId: string, fromRevision: number, limit: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(batteryStream(batteryId), { fromRevision, limit });
    } catch (error) {
      throw error instanceof StreamNotFound ? new BatteryNotFound(batteryId) : error;
    }
  }
}
