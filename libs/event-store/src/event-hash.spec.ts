import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from '#libs/canonical-json';
import { computeEventHash, hashWithCanonicalData } from './event-hash.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('computeEventHash', () => {
  const event = {
    streamId: '배터리-1',
    revision: 3,
    type: 'BatteryEvaluated',
    recordedAt: '2025-03-01T09:30:00.123Z',
    previousHash: null,
    data: { z: [1, 2.5, 'é'], a: { y: true, b: null } },
    metadata: { occurredAt: '2025-03-01T09:00:00.000Z', schemaVersion: 1 },
  };
  // RFC 8785 by hand: members sorted by UTF-16 code units, no whitespace, actor null when absent.
  const canonical =
    '{"actor":null,"data":{"a":{"b":null,"y":true},"z":[1,2.5,"é"]},"occurredAt":"2025-03-01T09:00:00.000Z",' +
    '"recordedAt":"2025-03-01T09:30:00.123Z","revision":3,"streamId":"배터리-1","type":"BatteryEvaluated"}';

  test('first link: sha256 of the canonical JSON alone', () => {
    expect(computeEventHash(event)).toBe(sha256(canonical));
  });

  test('later links prefix the previous hash; the actor and nothing else from metadata counts', () => {
    const previousHash = 'ab'.repeat(32);
    const actor = { keyId: 'k1', roles: ['evaluator'] };
    const metadata = { ...event.metadata, actor, correlationId: 'ignored' };
    const withActor = { ...event, previousHash, metadata };
    const expected = sha256(previousHash + canonical.replace('"actor":null', '"actor":{"keyId":"k1","roles":["evaluator"]}'));
    expect(computeEventHash(withActor)).toBe(expected);
    const otherCorrelation = { ...metadata, correlationId: 'other' };
    expect(computeEventHash({ ...withActor, metadata: otherCorrelation })).toBe(expected);
    // A named key's actor is hashed as it is: the name is covered, and an actor without one hashes as before.
    const named = { ...withActor, metadata: { ...metadata, actor: { ...actor, name: 'Kim Min-jun' } } };
    expect(computeEventHash(named)).toBe(
      sha256(previousHash + canonical.replace('"actor":null', '"actor":{"keyId":"k1","name":"Kim Min-jun","roles":["evaluator"]}')),
    );
  });
});

describe("hashWithCanonicalData (the appender's shortcut)", () => {
  const json = fc.jsonValue({ maxDepth: 3 }).filter((value) => value !== undefined);
  const text = fc.string({ unit: 'grapheme', maxLength: 12 });

  test("equals the library's JCS of the whole envelope, for any data, ids and actor", () => {
    fc.assert(
      fc.property(
        fc.record({
          streamId: text,
          revision: fc.nat(),
          type: text,
          recordedAt: text,
          previousHash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/)),
          data: fc.dictionary(text, json),
          metadata: fc.record({
            occurredAt: text,
            // Named keys add name and organisationId; older actors have neither.
            actor: fc.option(
              fc.record({ keyId: text, roles: fc.array(text), name: text, organisationId: text }, { requiredKeys: ['keyId', 'roles'] }),
              {
                nil: undefined,
              },
            ),
          }),
        }),
        (event) => {
          const envelope = canonicalize({
            streamId: event.streamId,
            revision: event.revision,
            type: event.type,
            occurredAt: event.metadata.occurredAt,
            recordedAt: event.recordedAt,
            actor: event.metadata.actor ?? null,
            data: event.data,
          })!;
          const expected = sha256((event.previousHash ?? '') + envelope);
          expect(hashWithCanonicalData(event, canonicalJson(event.data))).toBe(expected);
          expect(computeEventHash(event)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
