import type { SqlExecutor } from '#libs/database';
import type { AppendObserver } from '../event-store.port.js';
import type { UnplacedEvent } from '../recording.js';
import { insert } from './event-inserts.js';

interface Pending {
  events: readonly UnplacedEvent[];
  resolve(positions: Map<string, string>): void;
  reject(error: unknown): void;
}

/**
 * Group commit for appends. While `maxInFlight` INSERTs are running, appends that arrive wait and
 * then go together as one INSERT: one statement and one commit (one WAL flush) for all of them,
 * each still durable before it is acknowledged. An idle store writes an append at once. A merged
 * INSERT is all or nothing, so when it fails (one append's stale head, a value the server refuses)
 * each of its appends is written again on its own and gets its own outcome.
 */
export class InsertBatcher {
  private readonly pending: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly executor: SqlExecutor,
    private readonly maxInFlight: number,
    /** Positions are transaction id × 1,000,000 + ordinal: one INSERT holds fewer events than that. */
    private readonly maxEvents: number,
    private readonly observer: AppendObserver = {},
  ) {}

  /** The stored position of each event, by event id. */
  insert(events: readonly UnplacedEvent[]): Promise<Map<string, string>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    const batch = this.take();
    this.inFlight++;
    void this.write(batch).finally(() => {
      this.inFlight--;
      this.flush();
    });
  }

  /**
   * The waiting appends in arrival order, up to `maxEvents` events (always at least one append).
   * Two appends to one stream are never merged: they claim the same revisions when they raced
   * (one of them must lose), and would make the merged INSERT fail for everybody.
   */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (let i = 0; i < this.pending.length;) {
      const append = this.pending[i]!;
      const touched = [...new Set(append.events.map((event) => event.streamId))];
      const fits =
        batch.length === 0 || (events + append.events.length <= this.maxEvents && touched.every((stream) => !streams.has(stream)));
      if (!fits) {
        i++;
        continue;
      }
      batch.push(append);
      events += append.events.length;
      touched.forEach((stream) => streams.add(stream));
      this.pending.splice(i, 1);
    }
    return batch;
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const events = batch.flatMap((append) => append.events);
        const positions = await insert(this.executor, events);
        this.observer.committed?.(batch.length, events.length);
        for (const append of batch) append.resolve(positions);
        return;
      } catch (error) {
        // Without the server's answer (a lost connection) the INSERT may have committed: writing
        // the appends again could store them twice, so each gets the error, as a lone append would.
        if (!refusedByServer(error)) {
          for (const append of batch) append.reject(error);
          return;
        }
        // Which append broke the merged INSERT is unknown: each goes on its own below.
      }
    }
    await Promise.all(
      batch.map((append) =>
        insert(this.executor, append.events).then((positions) => {
          this.observer.committed?.(1, append.events.length);
          append.resolve(positions);
        }, append.reject),
      ),
    );
  }
}

/** The server answered with an error (SQLSTATE and severity): the statement did not commit. */
function refusedByServer(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}
