import type { KurrentDBClient } from '@kurrent/kurrentdb-client';

/** Calls already running on a replaced client finish within the client's default deadline (10 s). */
const RETIRE_AFTER_MS = 30_000;

/**
 * The client in use. The client reconnects by itself after most failures, but not after a
 * follower's not-leader answer to a multi-stream append (see `isNotLeaderAnswer`): then this
 * replaces it with a fresh client, whose discovery finds the leader. The replaced client is
 * disposed once the calls it was serving have had time to finish; subscriptions it carried end
 * and resubscribe on the new one.
 */
export class KurrentConnection {
  private client: KurrentDBClient;
  private readonly retiring = new Map<KurrentDBClient, NodeJS.Timeout>();

  constructor(
    private readonly connect: () => KurrentDBClient,
    private readonly retireAfterMs = RETIRE_AFTER_MS,
  ) {
    this.client = connect();
  }

  get current(): KurrentDBClient {
    return this.client;
  }

  /** Replaces `failed` unless a concurrent call already did; true when this call replaced it. */
  replace(failed: KurrentDBClient): boolean {
    if (failed !== this.client) return false;
    this.client = this.connect();
    const timer = setTimeout(() => {
      this.retiring.delete(failed);
      void failed.dispose();
    }, this.retireAfterMs);
    timer.unref();
    this.retiring.set(failed, timer);
    return true;
  }

  async close(): Promise<void> {
    for (const timer of this.retiring.values()) clearTimeout(timer);
    const clients = [this.client, ...this.retiring.keys()];
    this.retiring.clear();
    await Promise.all(clients.map((client) => client.dispose()));
  }
}
