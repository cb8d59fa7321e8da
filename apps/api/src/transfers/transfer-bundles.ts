import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { SigningKeyRing } from '#libs/certificates';
import { batteryEventFromStored, BatteryNotFound, type BatteryImportedData } from '#libs/lifecycle';
import { buildBundle, type TransferBundle } from '#libs/transfers';
import { NotYetInLog, type TransparencyLog } from '#libs/transparency-log';
import { BatteryHistory } from '../audit/battery-history.js';
import { batteryStream } from '../lifecycle/stream-names.js';
import { SIGNING_KEYS, TRANSPARENCY_LOG } from '../tokens.js';

/**
 * How long GET /bundle waits for the log to take in the battery's last event before answering 409
 * `not-yet-in-log`: the sequencer adds events within about a second of their append (it gathers
 * for 500 ms), and a checkpoint is signed on demand, so a bundle asked right after the transfer
 * is served once it is in; the wait is the views' `minPosition` wait.
 */
export const BUNDLE_LOG_WAIT_MS = 5_000;
const POLL_MS = 100;

@Injectable()
export class TransferBundles {
  constructor(
    private readonly history: BatteryHistory,
    @Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog,
    @Inject(SIGNING_KEYS) private readonly keys: SigningKeyRing,
  ) {}

  /** Every event with its inclusion proof in one checkpoint that includes the last event. */
  async bundle(batteryId: string, exportedAt: string): Promise<TransferBundle> {
    const events = await this.history.entries(batteryId);
    const revisions = events.map((event) => event.revision);
    const deadline = Date.now() + BUNDLE_LOG_WAIT_MS;
    for (;;) {
      const { checkpoint, inclusion } = await this.log.proofsFor(batteryStream(batteryId), revisions);
      if (inclusion.length === events.length) {
        return buildBundle({ batteryId, exportedAt, events, checkpoint, inclusion, keys: await this.keys.jwks() });
      }
      if (Date.now() >= deadline) {
        throw new NotYetInLog(
          `revision ${revisions.length - 1} of ${batteryId} is not in the transparency log yet; ask again in a few seconds`,
        );
      }
      await sleep(POLL_MS);
    }
  }

  /** The BatteryImported event that began an imported battery's history here, or undefined for a battery registered here. */
  async imported(batteryId: string): Promise<{ occurredAt: string; data: BatteryImportedData } | undefined> {
    const [first] = (await this.history.page(batteryId, 0, 1)).events;
    if (first === undefined) throw new BatteryNotFound(batteryId);
    const event = batteryEventFromStored({ type: first.type, data: first.data, metadata: first });
    return event.type === 'BatteryImported' ? { occurredAt: event.occurredAt, data: event.data } : undefined;
  }
}
