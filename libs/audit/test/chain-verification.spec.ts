import { computeEventHash } from '#libs/event-store';
import { verifyChain, type HistoryEntry } from '../src/index.js';

/** A correctly chained stream of `count` events, hashed by the event store's own function. */
function chainOf(count: number): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (let revision = 0; revision < count; revision++) {
    const unhashed = {
      streamId: 'B1',
      revision,
      type: revision === 0 ? 'BatteryRegistered' : 'BatteryReceived',
      schemaVersion: 1,
      occurredAt: `2025-03-0${revision + 1}T09:00:00.000Z`,
      recordedAt: `2025-03-0${revision + 1}T09:00:01.000Z`,
      actor: revision === 1 ? null : { keyId: 'key-op', roles: ['operator'] },
      data: { n: revision, note: '센터' },
      previousHash: entries[revision - 1]?.hash ?? null,
    };
    const hash = computeEventHash({ ...unhashed, metadata: { occurredAt: unhashed.occurredAt, actor: unhashed.actor ?? undefined } });
    entries.push({ ...unhashed, hash });
  }
  return entries;
}

const withEntry = (entries: HistoryEntry[], revision: number, change: Partial<HistoryEntry>) =>
  entries.map((entry) => (entry.revision === revision ? { ...entry, ...change } : entry));

describe('verifyChain', () => {
  const chain = chainOf(5);

  it('accepts an intact chain, with and without actors, and an empty one', () => {
    expect(verifyChain(chain)).toEqual({ valid: true, eventCount: 5 });
    expect(verifyChain([])).toEqual({ valid: true, eventCount: 0 });
  });

  it.each([0, 2, 4])('reports edited data at exactly revision %i and still counts every event', (revision) => {
    const tampered = withEntry(chain, revision, { data: { n: revision, note: 'edited' } });
    expect(verifyChain(tampered)).toEqual({ valid: false, eventCount: 5, brokenAtRevision: revision, reason: 'hash-mismatch' });
  });

  it('catches every hashed member, not only data', () => {
    const changes: Partial<HistoryEntry>[] = [
      { type: 'BatteryStored' },
      { occurredAt: '2025-01-01T00:00:00.000Z' },
      { recordedAt: '2025-01-01T00:00:00.000Z' },
      { actor: { keyId: 'key-other', roles: ['operator'] } },
      { streamId: 'B2' },
    ];
    for (const change of changes) expect(verifyChain(withEntry(chain, 3, change))).toMatchObject({ brokenAtRevision: 3 });
  });

  it('a rewritten hash breaks the link of the next event', () => {
    const rehashed = withEntry(chain, 2, { hash: 'f'.repeat(64) });
    expect(verifyChain(rehashed)).toMatchObject({ brokenAtRevision: 2, reason: 'hash-mismatch' });
    const relinked = withEntry(chain, 3, { previousHash: 'f'.repeat(64) });
    expect(verifyChain(relinked)).toMatchObject({ brokenAtRevision: 3, reason: 'previous-hash-mismatch' });
  });

  it('reports a stored schemaVersion that is not the one the hashed data shows, though the hash holds', () => {
    expect(verifyChain(withEntry(chain, 2, { schemaVersion: 0 }))).toEqual({
      valid: false,
      eventCount: 5,
      brokenAtRevision: 2,
      reason: 'schema-version-mismatch',
    });
    expect(verifyChain(withEntry(chain, 4, { schemaVersion: 2 }))).toMatchObject({
      brokenAtRevision: 4,
      reason: 'schema-version-mismatch',
    });
  });

  it('accepts a genuine older version: v0 data stored as v0', () => {
    const v0 = {
      streamId: 'B2',
      revision: 0,
      type: 'BatteryEvaluated',
      schemaVersion: 0,
      occurredAt: '2019-01-01T00:00:00.000Z',
      recordedAt: '2019-01-01T00:00:01.000Z',
      actor: null,
      data: { sohPct: 72 },
      previousHash: null,
    };
    const entry = { ...v0, hash: computeEventHash({ ...v0, metadata: { occurredAt: v0.occurredAt } }) };
    expect(verifyChain([entry])).toEqual({ valid: true, eventCount: 1 });
    expect(verifyChain([{ ...entry, schemaVersion: 1 }])).toMatchObject({ brokenAtRevision: 0, reason: 'schema-version-mismatch' });
  });

  it('leaves the version of event types the lifecycle does not own unchecked', () => {
    const other = {
      streamId: 'B3',
      revision: 0,
      type: 'KeyRotated',
      schemaVersion: 7,
      occurredAt: '2025-01-01T00:00:00.000Z',
      recordedAt: '2025-01-01T00:00:01.000Z',
      actor: null,
      data: {},
      previousHash: null,
    };
    expect(verifyChain([{ ...other, hash: computeEventHash({ ...other, metadata: { occurredAt: other.occurredAt } }) }])).toEqual({
      valid: true,
      eventCount: 1,
    });
  });

  it('reports a deleted event at the missing revision', () => {
    expect(verifyChain(chain.filter((e) => e.revision !== 2))).toEqual({
      valid: false,
      eventCount: 4,
      brokenAtRevision: 2,
      reason: 'missing-revision',
    });
    expect(verifyChain(chain.slice(1))).toMatchObject({ brokenAtRevision: 0, reason: 'missing-revision' });
  });
});
