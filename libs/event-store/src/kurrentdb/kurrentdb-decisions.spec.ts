/**
 * The adapter's decisions on the answers only a server gives, with the real client whose server
 * calls are replaced by canned answers of the client's own classes and shapes. What the server
 * itself does is the contract suite's (`test/contract/kurrentdb.spec.ts`), where one runs.
 */
import {
  KurrentDBClient,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventData,
  type MultiAppendResult,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { notLeaderAnswer } from '../../test/kurrentdb-answers.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

const URL = 'kurrentdb://127.0.0.1:1?tls=false';
const client = KurrentDBClient.prototype as unknown as Record<string, unknown>;
const originals = new Map<string, unknown>();

/** Replaces one server call of every client for the current test; the calls are recorded with their client. */
function answer<A extends unknown[], R>(method: string, reply: (this: KurrentDBClient, ...args: A) => R) {
  const calls: { client: KurrentDBClient; args: A }[] = [];
  if (!originals.has(method)) originals.set(method, client[method]);
  client[method] = function (this: KurrentDBClient, ...args: A) {
    calls.push({ client: this, args });
    return reply.call(this, ...args);
  };
  return calls;
}

afterEach(() => {
  for (const [method, original] of originals) client[method] = original;
  originals.clear();
});

const refusal = () =>
  new WrongExpectedVersionError(undefined, { streamName: 'idem/start-up-check', expected: 2n ** 62n, current: 'no_stream' });

describe('KurrentDB adapter decisions (client calls answered without a server)', () => {
  test('start-up: a not-leader answer moves to a new client and probes again; the refusal then proves the feature', async () => {
    const replies = [notLeaderAnswer(), refusal()];
    const calls = answer('multiStreamAppend', async (): Promise<MultiAppendResult> => {
      throw replies.shift();
    });
    const retried: unknown[] = [];
    const store = await KurrentDbEventStore.open(URL, { onRetry: (error) => retried.push(error) });
    await store.close();
    expect(calls).toHaveLength(2);
    expect(calls[1].client).not.toBe(calls[0].client);
    expect(retried).toHaveLength(1);
  });

  test('start-up against a server without multi-stream appends stops with the version it needs, without retrying', async () => {
    const calls = answer('multiStreamAppend', async (): Promise<MultiAppendResult> => {
      throw new UnsupportedError('multiStreamAppend', '25.1');
    });
    await expect(KurrentDbEventStore.open(URL)).rejects.toThrow('use KurrentDB 25.1 or later');
    expect(calls).toHaveLength(1);
  });

  test('an append answered "success: false" (throwOnAppendFailure=false) is retried on the new head, never taken as written', async () => {
    const log = fakeStreams();
    const appends = answer(
      'appendToStream',
      async (streamName: string, events: EventData[], options: { streamState: unknown }): Promise<AppendResult> => {
        if (appends.length === 1) {
          // Another writer got in first; the client resolves the refusal instead of throwing.
          log.write(streamName, [foreignEvent()]);
          return { success: false, nextExpectedRevision: 0n, position: undefined };
        }
        expect(options.streamState).toBe(0n);
        log.write(streamName, events);
        return { success: true, nextExpectedRevision: 1n, position: { commit: 2n, prepare: 2n } };
      },
    );
    const store = KurrentDbEventStore.connect(`${URL}&throwOnAppendFailure=false`);
    try {
      // Store-chosen ids: a single-stream append without id markers takes the classic append.
      const mine = { type: 'BatteryReceived', data: {}, metadata: { occurredAt: '2025-03-01T09:00:00.000Z', schemaVersion: 1 } };
      const result = await store.append('battery-1', [mine], { expectedRevision: 'any' });
      expect(appends).toHaveLength(2);
      const [foreign, written] = log.stream('battery-1').map((resolved) => resolved.event!);
      expect(result.revision).toBe(1);
      expect(result.events.map((e) => [e.id, e.type])).toEqual([[written.id, 'BatteryReceived']]);
      expect(result.events[0].previousHash).toBe((foreign.metadata as { hash: string }).hash);
    } finally {
      await store.close();
    }
  });

  test('readAll with a limit reads bounded pages and drains every one of them', async () => {
    const log = Array.from({ length: 2_500 }, (_, i) => recorded(`battery-${i}`, 0, BigInt(100 + i)));
    const reads: { maxCount?: number; drained: boolean }[] = [];
    answer('readAll', (options: { fromPosition: unknown; maxCount?: number }) => {
      const read = { maxCount: options.maxCount, drained: false };
      reads.push(read);
      const from = typeof options.fromPosition === 'object' ? (options.fromPosition as { commit: bigint }).commit : 0n;
      const page = log.filter((e) => e.event!.position!.commit >= from).slice(0, options.maxCount ?? Infinity);
      return (async function* () {
        yield* page;
        read.drained = true;
      })();
    });
    const store = KurrentDbEventStore.connect(URL);
    try {
      const limited = await store.readAll({ limit: 1_200 });
      expect(limited.map((e) => e.streamId)).toEqual(log.slice(0, 1_200).map((e) => e.event!.streamId));
      const after = await store.readAll({ fromPosition: limited[1_199].position, limit: 3 });
      expect(after.map((e) => e.streamId)).toEqual(['battery-1200', 'battery-1201', 'battery-1202']);
      expect(await store.readAll()).toHaveLength(2_500);
      expect(reads.every((read) => read.maxCount !== undefined && read.maxCount <= 1_001 && read.drained)).toBe(true);
    } finally {
      await store.close();
    }
  });
});

function recorded(streamId: string, revision: number, commit: bigint, data: EventData = foreignEvent()): ResolvedEvent {
  return {
    event: {
      streamId,
      id: data.id,
      revision: BigInt(revision),
      type: data.type,
      data: data.data,
      metadata: data.metadata,
      isJson: true,
      created: new Date(),
      position: { commit, prepare: commit },
    },
  } as unknown as ResolvedEvent;
}

function foreignEvent(): EventData {
  return {
    id: crypto.randomUUID(),
    type: 'BatteryRegistered',
    contentType: 'application/json',
    data: {},
    metadata: { occurredAt: '2025-03-01T08:00:00.000Z', schemaVersion: '1', recordedAt: '2025-03-01T08:00:00.000Z', hash: 'aa'.repeat(32) },
  } as EventData;
}

/** Streams as `readStream` serves them, written by the replaced appends. */
function fakeStreams() {
  const streams = new Map<string, ResolvedEvent[]>();
  let commit = 1n;
  answer('readStream', (streamName: string, options: { direction: string; fromRevision: unknown; maxCount?: number }) => {
    const events = streams.get(streamName) ?? [];
    return (async function* () {
      if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
      const backwards = options.direction === 'backwards';
      const ordered = backwards ? [...events].reverse() : events;
      const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : undefined;
      const start =
        from === undefined
          ? ordered
          : ordered.filter((e) => (backwards ? Number(e.event!.revision) <= from : Number(e.event!.revision) >= from));
      yield* start.slice(0, options.maxCount ?? Infinity);
    })();
  });
  return {
    stream: (streamName: string) => streams.get(streamName) ?? [],
    write(streamName: string, events: EventData[]) {
      const stream = streams.get(streamName) ?? [];
      for (const data of events) stream.push(recorded(streamName, stream.length, commit++, data));
      streams.set(streamName, stream);
    },
  };
}
