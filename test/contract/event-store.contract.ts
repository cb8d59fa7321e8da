/**
 * The one behaviour every event-store adapter must show. Each adapter's spec file calls
 * `eventStoreContract` with a way to open its store; tests share that store, so each works in its
 * own streams (a per-test prefix) and filters subscriptions to them.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  comparePositions,
  computeEventHash,
  EventIdConflict,
  StreamNotFound,
  WrongExpectedRevision,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SubscribeOptions,
} from '#libs/event-store';
import { gate, waitFor } from '../support/async.js';

export interface ContractHarness {
  store: EventStore;
  /**
   * Another handle on the same storage whose append transactions await `beforeCommit` before
   * committing. Absent where a commit can't be held open (KurrentDB assigns positions at commit).
   */
  openHeldStore?(beforeCommit: () => Promise<void>): Promise<EventStore>;
  /** An independent handle on the same storage, as a second API process would open it. */
  openOtherHandle(): Promise<EventStore & { close(): Promise<void> }>;
  close(): Promise<void>;
}

export interface ContractSetup {
  /** Why this adapter can't be exercised here; the suite is then reported as skipped. */
  skip?: string;
  open(): Promise<ContractHarness>;
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const metadata = (extra: Partial<EventMetadata> = {}): EventMetadata => ({
  occurredAt: '2025-03-01T09:30:00.000Z',
  schemaVersion: 1,
  ...extra,
});

const event = (type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent => ({
  type,
  data,
  metadata: metadata(),
  ...extra,
});

/** Fails unless `work` rejects with a WrongExpectedRevision carrying these fields. */
async function expectWrongRevision(work: Promise<unknown>, fields: Partial<WrongExpectedRevision>): Promise<void> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevision);
  expect(error).toMatchObject(fields);
}

/** Runs a subscription in the background, collecting what it delivers. */
function collect(store: EventStore, options: SubscribeOptions) {
  const controller = new AbortController();
  const events: RecordedEvent[] = [];
  const finished = (async () => {
    for await (const delivered of store.subscribe({ ...options, signal: controller.signal })) events.push(delivered);
  })();
  return {
    events,
    async stop() {
      controller.abort();
      await finished;
    },
  };
}

function expectStrictlyIncreasing(positions: string[]): void {
  for (let i = 1; i < positions.length; i++) expect(comparePositions(positions[i - 1], positions[i])).toBe(-1);
}

export function eventStoreContract(name: string, setup: ContractSetup): void {
  if (setup.skip) console.warn(`${name} event-store contract skipped: ${setup.skip}`);
  const describeOrSkip = setup.skip ? describe.skip : describe;

  describeOrSkip(`${name} event store (contract)`, () => {
    let harness: ContractHarness;
    let store: EventStore;
    let prefix: string;

    beforeAll(async () => {
      harness = await setup.open();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.close();
    });
    beforeEach(() => {
      prefix = `t${randomUUID().slice(0, 8)}-`;
    });

    test('round trip keeps every field, stamps recordedAt and chains hashes', async () => {
      const streamId = `${prefix}battery`;
      const before = Date.now();
      const first: NewEvent = {
        id: randomUUID(),
        type: 'BatteryRegistered',
        data: { batteryId: streamId, ratedEnergyKWh: 64.5, materials: { lithiumKg: 6.1 }, tags: ['a', 'b'], none: null },
        metadata: {
          occurredAt: '2025-02-28T23:59:59.999Z',
          schemaVersion: 2,
          correlationId: 'corr-1',
          causationId: 'cause-1',
          actor: { keyId: 'key-abc', roles: ['operator', 'evaluator'] },
        },
      };
      const second = event('BatteryReceived', { siteId: 'site-1', stateOfChargePct: 40 });
      const result = await store.append(streamId, [first, second], { expectedRevision: 'no_stream' });
      const read = await store.readStream(streamId);

      expect(read).toEqual(result.events);
      expect(result.revision).toBe(1);
      expect(result.position).toBe(read[1].position);
      expect(read.map((e) => e.revision)).toEqual([0, 1]);
      expect(read[0]).toMatchObject({ id: first.id, streamId, type: first.type, data: first.data, metadata: first.metadata });
      expect(read[1].metadata).toEqual(second.metadata);
      expect(read[1].id).toMatch(/^[0-9a-f-]{36}$/);
      expectStrictlyIncreasing(read.map((e) => e.position));
      for (const recorded of read) {
        expect(recorded.recordedAt).toMatch(ISO_MS);
        expect(Date.parse(recorded.recordedAt)).toBeGreaterThanOrEqual(before - 1);
        expect(Date.parse(recorded.recordedAt)).toBeLessThanOrEqual(Date.now());
        expect(recorded.hash).toBe(computeEventHash(recorded));
        expect(recorded.hash).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(read[0].previousHash).toBeNull();
      expect(read[1].previousHash).toBe(read[0].hash);

      const third = await store.append(streamId, [event('BatteryEvaluated', { grade: 'A' })], { expectedRevision: 1 });
      expect(third.events[0].previousHash).toBe(read[1].hash);
      expect(third.events[0].hash).toBe(computeEventHash(third.events[0]));
      // The hash covers the data: altering it breaks the link.
      expect(computeEventHash({ ...third.events[0], data: { grade: 'B' } })).not.toBe(third.events[0].hash);
    });

    test('expected revision: no_stream, stream_exists, a number, any', async () => {
      const streamId = `${prefix}s`;
      await expectWrongRevision(store.append(streamId, [event('E')], { expectedRevision: 'stream_exists' }), {
        streamId,
        expected: 'stream_exists',
        actual: 'no_stream',
      });
      await expectWrongRevision(store.append(streamId, [event('E')], { expectedRevision: 0 }), { expected: 0, actual: 'no_stream' });
      await expect(store.readStream(streamId)).rejects.toBeInstanceOf(StreamNotFound);

      expect((await store.append(streamId, [event('E')], { expectedRevision: 'no_stream' })).revision).toBe(0);
      await expectWrongRevision(store.append(streamId, [event('E')], { expectedRevision: 'no_stream' }), {
        streamId,
        expected: 'no_stream',
        actual: 0,
      });
      expect((await store.append(streamId, [event('E')], { expectedRevision: 'stream_exists' })).revision).toBe(1);
      expect((await store.append(streamId, [event('E')], { expectedRevision: 1 })).revision).toBe(2);
      await expectWrongRevision(store.append(streamId, [event('E'), event('E')], { expectedRevision: 1 }), {
        streamId,
        expected: 1,
        actual: 2,
      });
      expect((await store.append(streamId, [event('E')], { expectedRevision: 'any' })).revision).toBe(3);
      expect((await store.append(`${prefix}fresh`, [event('E')], { expectedRevision: 'any' })).revision).toBe(0);
      // The refused appends wrote nothing.
      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    });

    test('a handle whose last sight of a stream is stale neither forks the stream nor breaks its chain', async () => {
      const streamId = `${prefix}two-handles`;
      const other = await harness.openOtherHandle();
      try {
        await store.append(streamId, [event('E'), event('E')], { expectedRevision: 'no_stream' });
        await store.readStream(streamId);
        const moved = await other.append(streamId, [event('F')], { expectedRevision: 1 });
        // `store` last saw revision 1: its expectation is now wrong, whatever it remembers.
        await expectWrongRevision(store.append(streamId, [event('G')], { expectedRevision: 1 }), { expected: 1, actual: 2 });
        await expectWrongRevision(store.append(streamId, [event('G')], { expectedRevision: 'no_stream' }), {
          expected: 'no_stream',
          actual: 2,
        });
        const next = await store.append(streamId, [event('H')], { expectedRevision: 2 });
        expect(next.events[0].previousHash).toBe(moved.events[0].hash);
        expect((await other.append(streamId, [event('I')], { expectedRevision: 'any' })).events[0].previousHash).toBe(next.events[0].hash);
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => `${e.revision}${e.type}`)).toEqual(['0E', '1E', '2F', '3H', '4I']);
        stored.forEach((e, i) => {
          expect(e.previousHash).toBe(i === 0 ? null : stored[i - 1].hash);
          expect(e.hash).toBe(computeEventHash(e));
        });
      } finally {
        await other.close();
      }
    });

    test('60 concurrent appends, two of them refused: the other 58 are stored, each whole, and nothing of the two', async () => {
      const taken = `${prefix}taken`;
      await store.append(taken, [event('First')], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) =>
          // Appends 17 and 41 claim a stream that exists: whatever they are written with, only they may fail.
          i === 17 || i === 41
            ? store.append(taken, [event('Late', { i })], { expectedRevision: 'no_stream' })
            : store.append(`${prefix}s${i}`, [event('A', { i }), event('B', { i })], { expectedRevision: 'no_stream' }),
        ),
      );
      const refused = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [i] : []));
      expect(refused).toEqual([17, 41]);
      for (const i of [17, 41]) expect((outcomes[i] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
      expect((await store.readStream(taken)).map((e) => e.type)).toEqual(['First']);
      for (let i = 0; i < 60; i++) {
        if (i === 17 || i === 41) continue;
        const stored = await store.readStream(`${prefix}s${i}`);
        expect(stored.map((e) => [e.type, e.data.i, e.revision])).toEqual([
          ['A', i, 0],
          ['B', i, 1],
        ]);
        expect(comparePositions(stored[0]!.position, stored[1]!.position)).toBe(-1);
        expect((outcomes[i] as PromiseFulfilledResult<{ position: string }>).value.position).toBe(stored[1]!.position);
      }
    });

    test('a multi-event append is all or nothing', async () => {
      const streamId = `${prefix}multi`;
      const result = await store.append(streamId, [event('A'), event('B'), event('C')], { expectedRevision: 'no_stream' });
      expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
      expectStrictlyIncreasing(result.events.map((e) => e.position));

      await expectWrongRevision(store.append(streamId, [event('D'), event('E')], { expectedRevision: 1 }), { actual: 2 });
      await expect(store.append(streamId, [], { expectedRevision: 2 })).rejects.toThrow(TypeError);
      expect(await store.appendMany([])).toEqual([]);
      const repeated = randomUUID();
      await expect(
        store.append(streamId, [event('D', {}, { id: repeated }), event('E', {}, { id: repeated })], { expectedRevision: 2 }),
      ).rejects.toThrow(TypeError);
      expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      if (store.kind !== 'kurrentdb') {
        // A position keeps six decimal digits for the event's ordinal within its append.
        const tooMany = new Array<NewEvent>(1_000_000).fill(event('Tiny'));
        await expect(store.append(streamId, tooMany, { expectedRevision: 2 })).rejects.toThrow(RangeError);
      }
    });

    test('appendMany commits all streams together or none', async () => {
      const slot = `${prefix}slot`;
      const battery = `${prefix}battery`;
      await store.append(battery, [event('BatteryRegistered')], { expectedRevision: 'no_stream' });

      await expectWrongRevision(
        store.appendMany([
          { streamId: slot, events: [event('SlotOccupied')], expectedRevision: 'no_stream' },
          { streamId: battery, events: [event('BatteryStored')], expectedRevision: 5 },
        ]),
        { streamId: battery, expected: 5, actual: 0 },
      );
      await expect(store.readStream(slot)).rejects.toBeInstanceOf(StreamNotFound);
      expect(await store.readStream(battery)).toHaveLength(1);

      const results = await store.appendMany([
        { streamId: slot, events: [event('SlotOccupied'), event('SlotChecked')], expectedRevision: 'no_stream' },
        { streamId: battery, events: [event('BatteryStored')], expectedRevision: 0 },
      ]);
      expect(results.map((r) => [r.events[0].streamId, r.revision])).toEqual([
        [slot, 1],
        [battery, 1],
      ]);
      expect(await store.readStream(slot)).toEqual(results[0].events);
      expect((await store.readStream(battery))[1]).toEqual(results[1].events[0]);
      expect(results[1].events[0].previousHash).toBe((await store.readStream(battery))[0].hash);
    });

    test('re-appending stored event ids returns the first result and writes nothing', async () => {
      const streamId = `${prefix}retry`;
      const events = [event('A', { n: 1 }, { id: randomUUID() }), event('B', { n: 2 }, { id: randomUUID() })];
      const first = await store.append(streamId, events, { expectedRevision: 'no_stream' });
      expect(await store.append(streamId, events, { expectedRevision: 'no_stream' })).toEqual(first);

      await store.append(streamId, [event('C')], { expectedRevision: 1 });
      // Still the same answer after the stream moved on: the ids sit where the expectation put them.
      expect(await store.append(streamId, events, { expectedRevision: 'no_stream' })).toEqual(first);
      expect(await store.append(streamId, [events[1]], { expectedRevision: 0 })).toEqual({
        revision: 1,
        position: first.events[1].position,
        events: [first.events[1]],
      });
      await expectWrongRevision(store.append(streamId, events, { expectedRevision: 0 }), { expected: 0, actual: 2 });
      expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B', 'C']);

      // Stored ids are refused at any other place: a keyed request re-run on the latest state
      // (expecting the stream's current revision) must not record its events a second time.
      await expect(store.append(streamId, events, { expectedRevision: 2 })).rejects.toBeInstanceOf(EventIdConflict);
      await expect(store.append(`${prefix}other`, events, { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventIdConflict);
      await expect(
        store.appendMany([
          { streamId: `${prefix}fresh`, events: [event('F')], expectedRevision: 'no_stream' },
          { streamId: `${prefix}other`, events: [events[1]], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toBeInstanceOf(EventIdConflict);
      for (const untouched of [`${prefix}other`, `${prefix}fresh`])
        await expect(store.readStream(untouched)).rejects.toBeInstanceOf(StreamNotFound);
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    test('a keyed append that is retried while another writer appends is recorded once', async () => {
      const streamId = `${prefix}keyed`;
      await store.append(streamId, [event('Opened')], { expectedRevision: 'no_stream' });
      const keyed = [event('Keyed', { n: 1 }, { id: randomUUID() })];
      const first = await store.append(streamId, keyed, { expectedRevision: 'any' });
      await store.append(streamId, [event('Other')], { expectedRevision: 'any' });
      // The retry expects nothing in particular, and the stream's tail is no longer its event.
      expect(await store.append(streamId, keyed, { expectedRevision: 'any' })).toEqual(first);
      expect(await store.append(streamId, keyed, { expectedRevision: 'stream_exists' })).toEqual(first);
      expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['Opened', 'Keyed', 'Other']);
    });

    test('event types outside A-Z a-z 0-9 _ . $ : - and stream names repeated but for case are refused alike, before anything is written', async () => {
      const streamId = `${prefix}checked`;
      for (const type of ['Battery Registered', 'Batterie/Reçue', '배터리', '']) {
        await expect(store.append(streamId, [event('Fine'), event(type)], { expectedRevision: 'no_stream' })).rejects.toThrow(TypeError);
      }
      await expect(
        store.appendMany([
          { streamId: `${prefix}Site-1`, events: [event('SlotOccupied')], expectedRevision: 'no_stream' },
          { streamId: `${prefix}site-1`, events: [event('SlotOccupied')], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toThrow(/appears twice/);
      for (const untouched of [streamId, `${prefix}Site-1`, `${prefix}site-1`])
        await expect(store.readStream(untouched)).rejects.toBeInstanceOf(StreamNotFound);
      const types = ['A_b.c:D-9', 'Battery$Evaluated'];
      expect(
        (
          await store.append(
            streamId,
            types.map((type) => event(type)),
            { expectedRevision: 'no_stream' },
          )
        ).events.map((e) => e.type),
      ).toEqual(types);
    });

    test('50 concurrent appenders on one stream: one winner per revision, nothing lost or doubled', async () => {
      const streamId = `${prefix}contended`;
      await store.append(streamId, [event('Opened')], { expectedRevision: 'no_stream' });

      const firstRound = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => store.append(streamId, [event('Raced', { writer: i })], { expectedRevision: 0 })),
      );
      const winners = firstRound.filter((r) => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const loser of firstRound.filter((r) => r.status === 'rejected')) {
        expect(loser.reason).toBeInstanceOf(WrongExpectedRevision);
        expect(loser.reason).toMatchObject({ expected: 0, actual: 1 });
      }

      // Every writer retries on conflict, expecting the revision the refusal reported, until its event lands.
      const wonRevisions = await Promise.all(
        Array.from({ length: 50 }, async (_, writer) => {
          let expectedRevision = 0;
          for (;;) {
            try {
              return (await store.append(streamId, [event('Retried', { writer })], { expectedRevision })).revision;
            } catch (error) {
              if (!(error instanceof WrongExpectedRevision) || typeof error.actual !== 'number') throw error;
              expectedRevision = error.actual;
            }
          }
        }),
      );
      expect(new Set(wonRevisions).size).toBe(50);
      const stored = await store.readStream(streamId);
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 52 }, (_, i) => i));
      const retried = stored.filter((e) => e.type === 'Retried').map((e) => e.data.writer as number);
      expect(retried.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      for (let i = 1; i < stored.length; i++) expect(stored[i].previousHash).toBe(stored[i - 1].hash);
    });

    test('20 writers on 1,000 streams: a live subscriber sees all 10,000 events once, in position order', async () => {
      const writers = 20;
      const streamsPerWriter = 50;
      // Five events per append keep the embedded run short; revisions still chain across appends.
      const appendsPerStream = 2;
      const eventsPerAppend = 5;
      const total = writers * streamsPerWriter * appendsPerStream * eventsPerAppend;
      const subscriber = collect(store, { fromPosition: await store.headPosition(), filter: { streamPrefix: prefix } });
      const started = Date.now();

      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let n = 0; n < appendsPerStream; n++) {
            for (let s = 0; s < streamsPerWriter; s++) {
              const events = Array.from({ length: eventsPerAppend }, (_, i) => event('Measured', { writer, s, n, i }));
              const expectedRevision = n === 0 ? 'no_stream' : n * eventsPerAppend - 1;
              await store.append(`${prefix}w${writer}-s${s}`, events, { expectedRevision });
            }
          }
        }),
      );
      const written = Date.now();
      await waitFor(`${total} events delivered`, () => subscriber.events.length >= total, 30_000);
      await sleep(100);
      await subscriber.stop();
      console.info(
        `${store.kind}: ${total} events by ${writers} writers in ${written - started} ms, all delivered ${Date.now() - started} ms after start`,
      );

      const delivered = subscriber.events;
      expect(delivered).toHaveLength(total);
      expect(new Set(delivered.map((e) => e.id)).size).toBe(total);
      expectStrictlyIncreasing(delivered.map((e) => e.position));
      const nextRevision = new Map<string, number>();
      for (const e of delivered) {
        expect(e.revision).toBe(nextRevision.get(e.streamId) ?? 0);
        nextRevision.set(e.streamId, e.revision + 1);
      }
      expect(nextRevision.size).toBe(writers * streamsPerWriter);
    }, 60_000);

    test('a subscriber never delivers a later commit before an earlier position commits', async () => {
      if (!harness.openHeldStore) {
        console.warn(`${name}: positions are assigned at commit, so no commit can land below a delivered position`);
        return;
      }
      const held = gate();
      const holding = gate();
      const heldStore = await harness.openHeldStore(async () => {
        holding.open();
        await held.opened;
      });
      const subscriber = collect(store, { fromPosition: await store.headPosition(), filter: { streamPrefix: prefix } });
      try {
        // A takes its position first and keeps its transaction open ...
        const a = heldStore.append(`${prefix}a`, [event('A')], { expectedRevision: 'no_stream' });
        await holding.opened;
        // ... B appends after it and, where connections are concurrent, commits first.
        let bCommitted = false;
        const b = store.append(`${prefix}b`, [event('B')], { expectedRevision: 'no_stream' }).then((result) => {
          bCommitted = true;
          return result;
        });
        if (store.kind === 'postgres') await waitFor('B to commit while A is open', () => bCommitted);
        await sleep(300); // several poll rounds
        expect(subscriber.events).toEqual([]);

        held.open();
        const [resultA, resultB] = await Promise.all([a, b]);
        expect(comparePositions(resultA.position, resultB.position)).toBe(-1);
        await waitFor('both events delivered', () => subscriber.events.length >= 2);
        expect(subscriber.events.map((e) => e.streamId)).toEqual([`${prefix}a`, `${prefix}b`]);
        expect(subscriber.events).toEqual([...resultA.events, ...resultB.events]);
      } finally {
        held.open();
        await subscriber.stop();
        await heldStore.close();
      }
    });

    test('a subscription resumes after its checkpoint and stops on abort or break', async () => {
      const streamId = `${prefix}resume`;
      const filter = { streamPrefix: prefix };
      const start = await store.headPosition();
      const appended = (
        await store.append(
          streamId,
          [1, 2, 3, 4, 5].map((n) => event('N', { n })),
          { expectedRevision: 'no_stream' },
        )
      ).events;

      const firstTwo: RecordedEvent[] = [];
      for await (const e of store.subscribe({ fromPosition: start, filter })) {
        firstTwo.push(e);
        if (firstTwo.length === 2) break;
      }
      expect(firstTwo).toEqual(appended.slice(0, 2));

      const resumed = collect(store, { fromPosition: firstTwo[1].position, filter });
      await waitFor('the rest', () => resumed.events.length >= 3);
      await sleep(100);
      await resumed.stop();
      expect(resumed.events).toEqual(appended.slice(2));

      const aborted = new AbortController();
      aborted.abort();
      const none: RecordedEvent[] = [];
      for await (const e of store.subscribe({ fromPosition: start, filter, signal: aborted.signal })) none.push(e);
      expect(none).toEqual([]);
    });

    test('a filtered subscription delivers only matching events, including ones appended after it skipped others', async () => {
      const wanted = `${prefix}Wanted`;
      const subscriber = collect(store, { fromPosition: await store.headPosition(), filter: { eventTypes: [wanted] } });
      await store.append(`${prefix}f`, [event('Other'), event('Other'), event(wanted, { n: 1 })], { expectedRevision: 'no_stream' });
      await waitFor('the first match', () => subscriber.events.length >= 1);
      await store.append(`${prefix}f`, [event('Other')], { expectedRevision: 2 });
      await sleep(100); // let the subscription scan past the unmatched event
      await store.append(`${prefix}g`, [event(wanted, { n: 2 })], { expectedRevision: 'no_stream' });
      await waitFor('the second match', () => subscriber.events.length >= 2);
      await sleep(50);
      await subscriber.stop();
      expect(subscriber.events.map((e) => e.data.n)).toEqual([1, 2]);
    });

    test('a 1 MB event round-trips with its hash', async () => {
      const blob = 'x'.repeat(1_000_000);
      const streamId = `${prefix}large`;
      const [written] = (await store.append(streamId, [event('Large', { blob })], { expectedRevision: 'no_stream' })).events;
      const [read] = await store.readStream(streamId);
      expect(read.data.blob).toBe(blob);
      expect(read.hash).toBe(written.hash);
      expect(read.hash).toBe(computeEventHash(read));
    });

    test('unicode in data and stream ids survives, hashes and filters', async () => {
      const streamPrefix = `${prefix}배터리-🔋-`;
      const streamId = `${streamPrefix}모듈-1`;
      const data = { name: '한국어 배터리 상/중/하', emoji: '🔋⚡👩‍🔧', mixed: 'Åström – 😀 – 재사용' };
      await store.append(streamId, [event('BatteryRegistered', data)], { expectedRevision: 'no_stream' });
      const [read] = await store.readStream(streamId);
      expect(read.streamId).toBe(streamId);
      expect(read.data).toEqual(data);
      expect(read.hash).toBe(computeEventHash(read));
      await waitFor('the event to be visible to readAll', async () => (await store.readAll({ filter: { streamPrefix } })).length === 1);
      expect((await store.readAll({ filter: { streamPrefix } }))[0]).toEqual(read);
    });

    test('readStream: directions, limits, revisions and StreamNotFound', async () => {
      const streamId = `${prefix}read`;
      await store.append(
        streamId,
        [0, 1, 2, 3, 4].map((n) => event('N', { n })),
        { expectedRevision: 'no_stream' },
      );
      const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
        (await store.readStream(streamId, options)).map((e) => e.revision);

      expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
      expect(await revisions({ fromRevision: 2, limit: 2 })).toEqual([2, 3]);
      expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
      expect(await revisions({ direction: 'backwards', limit: 2 })).toEqual([4, 3]);
      expect(await revisions({ direction: 'backwards', fromRevision: 1 })).toEqual([1, 0]);
      expect(await revisions({ fromRevision: 10 })).toEqual([]);
      await expect(store.readStream(`${prefix}missing`)).rejects.toBeInstanceOf(StreamNotFound);
      await expect(store.readStream(`${prefix}missing`, { direction: 'backwards' })).rejects.toBeInstanceOf(StreamNotFound);
    });

    test('readAll: commit order, exclusive fromPosition, limit, stream prefix and event type filters', async () => {
      const typeX = `${prefix}X`;
      const typeY = `${prefix}Y`;
      await store.append(`${prefix}one-1`, [event(typeX), event(typeY)], { expectedRevision: 'no_stream' });
      await store.append(`${prefix}two-1`, [event(typeX)], { expectedRevision: 'no_stream' });
      const last = (await store.append(`${prefix}one-2`, [event(typeY)], { expectedRevision: 'no_stream' })).position;
      await waitFor('the head to pass the last append', async () => comparePositions(await store.headPosition(), last) >= 0);

      const all = await store.readAll({ filter: { streamPrefix: prefix } });
      expect(all.map((e) => [e.streamId, e.type])).toEqual([
        [`${prefix}one-1`, typeX],
        [`${prefix}one-1`, typeY],
        [`${prefix}two-1`, typeX],
        [`${prefix}one-2`, typeY],
      ]);
      expectStrictlyIncreasing(all.map((e) => e.position));

      const one = await store.readAll({ filter: { streamPrefix: `${prefix}one-` } });
      expect(one.map((e) => e.streamId)).toEqual([`${prefix}one-1`, `${prefix}one-1`, `${prefix}one-2`]);
      const xs = await store.readAll({ filter: { eventTypes: [typeX] } });
      expect(xs.map((e) => e.streamId)).toEqual([`${prefix}one-1`, `${prefix}two-1`]);
      const oneYs = await store.readAll({ filter: { streamPrefix: `${prefix}one-`, eventTypes: [typeY] } });
      expect(oneYs.map((e) => e.streamId)).toEqual([`${prefix}one-1`, `${prefix}one-2`]);

      const after = await store.readAll({ fromPosition: all[0].position, limit: 2, filter: { streamPrefix: prefix } });
      expect(after).toEqual(all.slice(1, 3));
      expect(await store.readAll({ fromPosition: all[3].position, filter: { streamPrefix: prefix } })).toEqual([]);
    });
  });
}
