import type { StreamHead } from '../recording.js';

type KnownHead = NonNullable<StreamHead>;

/**
 * Stream heads this process has seen committed (its own appends, its reads), most recent last.
 * A revision's hash never changes once committed, so an entry can be stale but never wrong: an
 * append that trusts a stale head collides with the unique `(stream_id, revision)` index and is
 * retried from a fresh read. It saves the head read in the common case of a command that loaded
 * its stream and appends with that revision as its expectation.
 */
export class StreamHeads {
  private readonly heads = new Map<string, KnownHead>();

  constructor(private readonly capacity = 10_000) {}

  /** The head when it is known to be at `revision`; undefined when unknown or elsewhere. */
  at(streamId: string, revision: number): KnownHead | undefined {
    const head = this.heads.get(streamId);
    return head?.revision === revision ? head : undefined;
  }

  remember(streamId: string, head: KnownHead): void {
    const known = this.heads.get(streamId);
    if (known !== undefined && known.revision >= head.revision) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, { revision: head.revision, hash: head.hash });
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}
