import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { JourneyDecider, journey, type JourneyCommand } from '#libs/battery-journey';
import { verifyChain, type HistoryEntry } from '#libs/audit';
import { publicJwkOf, signBytes, signCertificate, type Jwks } from '#libs/certificates';
import { computeEventHash } from '#libs/event-store';
import { decideBattery, DEFAULT_GRADING_POLICY, initialBatteryState, type BatteryEvent } from '#libs/lifecycle';
import { inclusionProof, leafData, leafHash, MemoryTree, rootHash, signCheckpoint } from '#libs/transparency-log';
import { buildBundle, BundleRejected, requireAddressedTo, verifyBundle, type TrustedIssuer } from '#libs/transfers';

/*
 * Random journeys through the real deciders, logged among other stores' leaves and signed with a
 * real key, exported as a bundle, sent through JSON, verified and imported: the import holds the
 * very history (same hashes, a chain that still verifies), and any single edited byte of an event
 * is refused.
 */

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { keyId: publicJwkOf(publicKey).kid, privateKey };
const keys: Jwks = { keys: [publicJwkOf(publicKey)] };
const issuer: TrustedIssuer = { issuerId: 'origin', name: 'Origin centre', keys };
const RECEIVER = 'ca-recycler';

const journeys = fc.record({
  stateOfHealthPct: fc.integer({ min: 60, max: 100 }),
  stored: fc.boolean(),
  certified: fc.boolean(),
  reused: fc.boolean(),
  otherLeaves: fc.integer({ min: 0, max: 20 }),
});

type Shape = typeof journeys extends fc.Arbitrary<infer T> ? T : never;

function runJourney(shape: Shape): { batteryId: string; events: BatteryEvent[] } {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const decider = new JourneyDecider({
    now: () => new Date((clock += 60_000)).toISOString(),
    signCertificate: (battery, issue) => {
      const certificate = { certificateId: issue.certificateId, batteryId: battery.batteryId, validUntil: issue.validUntil };
      return { certificate, signature: { ...signCertificate(certificate, key) } };
    },
  });
  const site = journey.createSite();
  const registration = journey.register();
  const id = registration.batteryId;
  decider.run(journey.registerOrganisation({ organisationId: RECEIVER }));
  const steps: JourneyCommand[] = [
    site,
    registration,
    journey.receive(id, site.siteId),
    journey.evaluate(id, { stateOfHealthPct: shape.stateOfHealthPct }),
    ...(shape.stored ? [journey.store(id, site.siteId, site.zones[0]!.zone, 'S-1'), journey.release(id)] : []),
    journey.diagnose(id),
    ...(shape.certified ? [journey.certify(id)] : []),
    ...(shape.certified && shape.reused ? [journey.secondLife(id)] : []),
    journey.transfer(id, { toOrganisationId: RECEIVER }),
  ];
  const events = steps.flatMap((step) => decider.run(step)).filter((decided) => decided.streamId === id);
  return { batteryId: id, events: events.map((decided) => decided.event as BatteryEvent) };
}

/** The history as a store would record it: each event hash-chained to the one before. */
function recorded(batteryId: string, events: BatteryEvent[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  events.forEach((event, revision) => {
    const previousHash = entries[revision - 1]?.hash ?? null;
    const entry = { streamId: batteryId, revision, type: event.type, schemaVersion: 1, occurredAt: event.occurredAt };
    const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>;
    const base = { ...entry, recordedAt: event.occurredAt, actor: null, data, previousHash };
    entries.push({ ...base, hash: computeEventHash({ ...base, metadata: { occurredAt: event.occurredAt } }) });
  });
  return entries;
}

async function exported(shape: Shape) {
  const { batteryId, events } = runJourney(shape);
  const history = recorded(batteryId, events);
  const tree = new MemoryTree();
  for (let i = 0; i < shape.otherLeaves; i++)
    tree.append(leafHash(leafData({ streamId: `other-${i}`, revision: 0, type: 'X', hash: 'ab' })));
  const first = tree.size;
  for (const entry of history) tree.append(leafHash(leafData(entry)));
  const treeSize = tree.size;
  const checkpoint = signCheckpoint({ origin: 'origin.example', treeSize, rootHash: await rootHash(treeSize, tree.source) }, new Date(), {
    signBytes: (message) => ({ keyId: key.keyId, value: signBytes(message, key) }),
  });
  const inclusion = await Promise.all(
    history.map(async (entry) => ({
      revision: entry.revision,
      leafIndex: first + entry.revision,
      treeSize,
      auditPath: (await inclusionProof(first + entry.revision, treeSize, tree.source)).map((hash) => hash.toString('hex')),
    })),
  );
  const bundle = buildBundle({ batteryId, exportedAt: '2026-02-01T00:00:00.000Z', events: history, checkpoint, inclusion, keys });
  return { bundle: JSON.parse(JSON.stringify(bundle)) as typeof bundle, history };
}

test('exported journeys verify, import, and keep the same history hashes', async () => {
  await fc.assert(
    fc.asyncProperty(journeys, async (shape) => {
      const { bundle, history } = await exported(shape);
      const verified = requireAddressedTo(verifyBundle(bundle, [issuer]), RECEIVER);
      const command = { type: 'ImportBattery' as const, batteryId: bundle.batteryId, bundle: verified };
      const context = { now: '2026-03-01T00:00:00.000Z', gradingPolicy: DEFAULT_GRADING_POLICY };
      const [imported] = decideBattery(command, initialBatteryState, context);
      if (imported?.type !== 'BatteryImported') throw new Error('no BatteryImported');
      const provenance = imported.data.provenance.events as unknown as HistoryEntry[];
      expect(provenance.map((event) => event.hash)).toEqual(history.map((event) => event.hash));
      expect(verifyChain(provenance)).toEqual({ valid: true, eventCount: history.length });
      expect(imported.data).toMatchObject({ lastRevision: history.length - 1, lastHash: history[history.length - 1]!.hash });
    }),
    { numRuns: 25 },
  );
});

test('one edited value anywhere in an event is refused at that event', async () => {
  await fc.assert(
    fc.asyncProperty(journeys, fc.nat(), async (shape, pick) => {
      const { bundle } = await exported(shape);
      const index = pick % bundle.events.length;
      bundle.events[index]!.occurredAt = '1999-01-01T00:00:00.000Z';
      expect(() => verifyBundle(bundle, [issuer])).toThrow(BundleRejected);
      try {
        verifyBundle(bundle, [issuer]);
      } catch (error) {
        expect((error as BundleRejected).errors[0]!.field).toBe(`events.${index}.hash`);
      }
    }),
    { numRuns: 25 },
  );
});
