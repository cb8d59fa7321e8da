import type { ResolvedEvent } from '@kurrent/kurrentdb-client';
import { comparePositions } from '../positions.js';
import {
  decodePosition,
  encodePosition,
  fromResolved,
  idMarkerStream,
  toEventData,
  toKurrentFilter,
  visibleStreams,
} from './kurrentdb-mapping.js';

describe('KurrentDB mapping (no server needed)', () => {
  test('positions: {commit, prepare} round-trips and orders by commit, then prepare', () => {
    const pairs = [
      { commit: 0n, prepare: 0n },
      { commit: 0n, prepare: 2n ** 64n - 1n },
      { commit: 1n, prepare: 0n },
      { commit: 1_234_567n, prepare: 1_234_500n },
      { commit: 2n ** 62n, prepare: 2n ** 62n },
    ];
    const encoded = pairs.map(encodePosition);
    expect(encoded.map(decodePosition)).toEqual(pairs);
    for (let i = 1; i < encoded.length; i++) expect(comparePositions(encoded[i - 1], encoded[i])).toBe(-1);
  });

  test('an event survives the trip through string-valued metadata', () => {
    const recorded = {
      id: '0b8f3a52-5a7c-4d7e-9f0e-2b1a6c9d4e01',
      streamId: 'battery-1',
      type: 'BatteryReceived',
      data: { siteId: 'site-1', stateOfChargePct: 42.5 },
      metadata: {
        occurredAt: '2025-03-01T09:00:00.000Z',
        schemaVersion: 2,
        correlationId: 'c-1',
        causationId: 'c-0',
        actor: { keyId: 'k1', roles: ['operator'] },
      },
      revision: 7,
      recordedAt: '2025-03-01T09:30:00.123Z',
      hash: 'ff'.repeat(32),
      previousHash: 'ee'.repeat(32),
    };
    const data = toEventData(recorded);
    expect(Object.values(data.metadata as object).every((value) => typeof value === 'string')).toBe(true);
    const position = { commit: 500n, prepare: 480n };
    const resolved = {
      event: {
        streamId: recorded.streamId,
        id: data.id,
        isJson: true,
        revision: 7n,
        type: data.type,
        created: new Date(),
        // Records from the multi-stream append can come back as bytes.
        data: Buffer.from(JSON.stringify(data.data)),
        metadata: data.metadata,
        position,
      },
    } as unknown as ResolvedEvent;
    expect(fromResolved(resolved)).toEqual({ ...recorded, position: encodePosition(position) });

    const first = toEventData({
      ...recorded,
      previousHash: null,
      metadata: { occurredAt: recorded.metadata.occurredAt, schemaVersion: 1 },
    });
    const back = fromResolved({ event: { ...(resolved.event as object), metadata: first.metadata } } as unknown as ResolvedEvent);
    expect(back?.previousHash).toBeNull();
    expect(back?.metadata).toEqual({ occurredAt: recorded.metadata.occurredAt, schemaVersion: 1 });
  });

  test('filters: system streams never pass; prefix and types are both enforced', () => {
    const event = (streamId: string, type: string) => ({ streamId, type }) as Parameters<ReturnType<typeof toKurrentFilter>['accepts']>[0];
    const both = toKurrentFilter({ streamPrefix: 'battery-', eventTypes: ['A.B'] });
    expect(both.accepts(event('battery-1', 'A.B'))).toBe(true);
    expect(both.accepts(event('battery-1', 'AxB'))).toBe(false);
    expect(both.accepts(event('site-1', 'A.B'))).toBe(false);
    expect(toKurrentFilter().accepts(event('$stats-1', 'x'))).toBe(false);
    expect(
      toKurrentFilter({ streamPrefix: 'i' }).accepts(event(idMarkerStream('0b8f3a52-5a7c-4d7e-9f0e-2b1a6c9d4e01'), 'EventIdRecorded')),
    ).toBe(false);
    expect(toKurrentFilter({ eventTypes: ['A.B'] }).server).toMatchObject({ regex: '^(?:A\\.B)$' });
  });

  test('unfiltered reads and the head exclude system streams and id markers by stream name, whatever the event type', () => {
    const filter = visibleStreams();
    expect(filter).toMatchObject({ filterOn: 'streamName' });
    // The server applies this pattern with .NET's Regex; a lookahead and a class escape mean the same there.
    const visible = new RegExp((filter as { regex: string }).regex);
    expect(['battery-1', 'BAT:2025.07_x', 'site/S1', 'idem-1', 'identity'].filter((name) => !visible.test(name))).toEqual([]);
    expect(
      ['$stats-127.0.0.1:2113', '$$battery-1', '$et-BatteryRegistered', idMarkerStream('0b8f3a52-5a7c-4d7e-9f0e-2b1a6c9d4e01')].filter(
        (name) => visible.test(name),
      ),
    ).toEqual([]);
    expect(toKurrentFilter().server).toEqual(filter);
  });
});
