import fc from 'fast-check';
import { journey } from '#libs/battery-journey';
import {
  activeCertificate,
  BATTERY_EVENT_TYPES,
  decideBattery,
  decideStorage,
  DEFAULT_GRADING_POLICY,
  evolveBattery,
  evolveSite,
  foldBatteryEvents,
  foldSiteEvents,
  initialBatteryState,
  initialSiteState,
  InvalidCommand,
  LifecycleRuleViolation,
  ResourceNotFound,
  SECOND_LIFE_KINDS,
  STAGES,
  storageSiteId,
  type Application,
  type BatteryEvent,
  type BatteryState,
  type CreatedSite,
  type HazardClass,
  type LifecycleCommand,
  type PassFail,
  type RegisteredBattery,
  type SecondLifeKind,
  type SiteState,
} from '#libs/lifecycle';
import { BATTERY, command, event, signCertificate, SITE, siteEvents, SUCCESSOR } from './fixtures.js';

/*
 * Random command sequences against three batteries sharing two sites (zones of capacity 2 and
 * 1), each step at a later `now`. Whatever is accepted, no state breaks a lifecycle rule.
 */

const STORAGE_RULES = ['slot-occupied', 'zone-full', 'damaged-critical-needs-isolation-zone'];
const BATTERIES = [BATTERY, 'BAT-002', 'BAT-003'];
const SITES = [SITE, 'SITE-2'];

const mostly = <T>(likely: T, unlikely: T) => fc.constantFrom(likely, likely, likely, unlikely);
const siteIds = fc.constantFrom(SITE, SITE, 'SITE-2', 'SITE-X');
const zones = fc.constantFrom('Z-STD', 'Z-ISO');
const slots = fc.constantFrom('S-01', 'S-02', 'S-03');
const applications = fc.subarray<Application>(['ess', 'ev', 'ups'], { minLength: 1 });
const certificateIds = fc.constantFrom('C1', 'C2', 'C3');

/** Weighted so that random walks often get through certification to second life or recycling. */
const commandBodies: fc.Arbitrary<LifecycleCommand> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(command.register()) },
  {
    weight: 3,
    arbitrary: fc.record({ siteId: siteIds, hazardClass: mostly<HazardClass>('intact', 'damaged-critical') }).map(command.receive),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ stateOfHealthPct: fc.integer({ min: 40, max: 100 }), visualInspection: mostly<PassFail>('pass', 'fail') })
      .map(command.evaluate),
  },
  { weight: 3, arbitrary: fc.record({ verdict: mostly<PassFail>('pass', 'fail') }).map(command.diagnose) },
  { weight: 3, arbitrary: fc.record({ siteId: siteIds, zone: zones, slot: slots }).map(command.store) },
  { weight: 2, arbitrary: fc.constant(command.release()) },
  {
    weight: 3,
    arbitrary: fc.record({ certificateId: certificateIds, applications, validMonths: fc.integer({ min: 1, max: 24 }) }).map(command.issue),
  },
  { weight: 1, arbitrary: fc.record({ certificateId: certificateIds }).map(command.revoke) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        kind: fc.constantFrom<SecondLifeKind>(...SECOND_LIFE_KINDS),
        application: fc.constantFrom<Application>('ess', 'ev', 'ups'),
      })
      .map(({ kind, application }) =>
        command.secondLife(kind === 're-used' ? { kind, application } : { kind, application, successorBatteryId: SUCCESSOR }),
      ),
  },
  { weight: 1, arbitrary: fc.constant(command.handOver()) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom({ metadata: {} }, { broken: true })
      .map((document) => journey.attachPassportSource(BATTERY, document, { format: 'catenax-6.1.0' })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ inputMassKg: fc.integer({ min: 1, max: 400 }) })
      .map((body) => command.recyclingOutcome({ ...body, recovered: { lithiumKg: 1 } })),
  },
);

const commands = fc
  .tuple(commandBodies, fc.constantFrom(...BATTERIES))
  .map(([body, batteryId]): LifecycleCommand => ({ ...body, batteryId }));

const namingSuccessor = foldBatteryEvents([event.registered({ batteryId: SUCCESSOR, predecessorIds: BATTERIES })]);
const otherSuccessor = foldBatteryEvents([event.registered({ batteryId: SUCCESSOR, predecessorIds: [] })]);
/** Mostly a successor that names the batteries; sometimes one that does not, or none. */
const successors = fc.constantFrom<BatteryState | undefined>(namingSuccessor, namingSuccessor, namingSuccessor, otherSuccessor, undefined);

interface Step {
  command: LifecycleCommand;
  days: number;
  successor: BatteryState | undefined;
}
const step: fc.Arbitrary<Step> = fc.record({ command: commands, days: fc.integer({ min: 0, max: 60 }), successor: successors });
const registrations: Step[] = BATTERIES.map((batteryId) => ({ command: command.register({ batteryId }), days: 0, successor: undefined }));

// fast-check keeps arrays near 10 items by default; lifecycles need longer walks.
const randomWalk = fc.array(step, { minLength: 5, maxLength: 60, size: 'max' }).map((steps) => [...registrations, ...steps]);

/** The whole lifecycle of the first battery in order, each step preceded by noise that may derail it. */
const guidedWalk = fc
  .tuple(fc.constantFrom<SecondLifeKind>(...SECOND_LIFE_KINDS), fc.array(fc.array(step, { maxLength: 4 }), { minLength: 7, maxLength: 7 }))
  .map(([kind, noise]) => {
    const path: LifecycleCommand[] = [
      command.receive(),
      command.evaluate(),
      command.diagnose(),
      command.issue({ certificateId: 'C1', applications: ['ess', 'ev', 'ups'], validMonths: 24 }),
      command.secondLife(kind === 're-used' ? { kind } : { kind, successorBatteryId: SUCCESSOR }),
      command.handOver(),
      command.recyclingOutcome(),
    ];
    return [...registrations, ...path.flatMap((next, index) => [...noise[index]!, { command: next, days: 1, successor: namingSuccessor }])];
  });

/** Receipts, storage and release only, so batteries compete for slots and zones. */
const storageStep: fc.Arbitrary<Step> = fc.record({
  command: fc
    .tuple(
      fc.oneof(
        fc.record({ siteId: mostly(SITE, 'SITE-2'), hazardClass: mostly<HazardClass>('intact', 'damaged-critical') }).map(command.receive),
        fc.record({ siteId: mostly(SITE, 'SITE-2'), zone: zones, slot: slots }).map(command.store),
        fc.constant(command.release()),
      ),
      fc.constantFrom(...BATTERIES),
    )
    .map(([body, batteryId]): LifecycleCommand => ({ ...body, batteryId })),
  days: fc.constant(0),
  successor: fc.constant(undefined),
});
const storageWalk = fc.array(storageStep, { minLength: 5, maxLength: 30, size: 'max' }).map((steps) => [...registrations, ...steps]);

/**
 * Two batteries sent to one slot: random storage walks reach this in about 9 runs of 10 (a zone
 * often fills first), so it is given as an example to keep the coverage guard below from flaking.
 */
const slotContest: Step[] = [
  ...registrations,
  ...[BATTERY, 'BAT-002'].flatMap((batteryId): Step[] => [
    { command: { ...command.receive({ siteId: SITE }), batteryId }, days: 0, successor: undefined },
    { command: { ...command.store({ siteId: SITE, zone: 'Z-STD', slot: 'S-01' }), batteryId }, days: 0, successor: undefined },
  ]),
];

type Batteries = Readonly<Record<string, BatteryState>>;
type Sites = Readonly<Record<string, CreatedSite>>;

/** Stands in for the schemas (libs/passport, tested against the published files there and over HTTP): `broken` is invalid. */
const checkPassportSource = (_format: string, document: unknown) =>
  typeof document === 'object' && document !== null && 'broken' in document
    ? [{ field: 'document.broken', message: 'is not in the schema' }]
    : [];

/** Loads what the command needs, as the HTTP layer would, and decides it. */
function decide(cmd: LifecycleCommand, battery: BatteryState, sites: Sites, now: string, successor: BatteryState | undefined) {
  const siteNamed = (siteId: string | null): SiteState => (siteId === null ? undefined : sites[siteId]) ?? initialSiteState;
  if (cmd.type === 'StoreBattery' || cmd.type === 'ReleaseBatteryFromStorage') {
    const siteId = storageSiteId(cmd, battery);
    return { siteId, ...decideStorage(cmd, battery, siteNamed(siteId), { now }) };
  }
  const site = cmd.type === 'ReceiveBattery' ? siteNamed(cmd.siteId) : undefined;
  const batteryEvents = decideBattery(cmd, battery, {
    now,
    gradingPolicy: DEFAULT_GRADING_POLICY,
    successor,
    site,
    signCertificate,
    checkPassportSource,
  });
  return { siteId: null, batteryEvents, siteEvents: [] };
}

/** Plain checks rather than `expect`: they run thousands of times per test. */
function invariant(holds: boolean, broken: string): void {
  if (!holds) throw new Error(`invariant broken: ${broken}`);
}

/** What an accepted event required of the battery before it. */
function checkPrecondition(before: BatteryState, written: BatteryEvent, now: string): void {
  if (written.type === 'BatteryRegistered') return invariant(!before.registered, 'registered once');
  invariant(before.registered, `${written.type} needs a registered battery`);
  const battery = before as RegisteredBattery;
  invariant(battery.recycling === null, `${written.type} after BatteryRecycled`);
  switch (written.type) {
    case 'ReuseCertificateIssued': {
      const { latestEvaluation: evaluation, latestDiagnosis: diagnosis } = battery;
      invariant(evaluation !== null && evaluation.grade !== 'C', 'certified with grade A or B');
      invariant(diagnosis?.verdict === 'pass' && diagnosis.revision > evaluation!.revision, 'certified after a passing diagnosis');
      invariant(activeCertificate(battery, now) === null, 'certified with no active certificate');
      invariant(battery.handOver === null, 'certified before hand-over');
      break;
    }
    case 'BatteryReused':
    case 'BatteryRepurposed':
    case 'BatteryRemanufactured':
      invariant(activeCertificate(battery, now)?.applications.includes(written.data.application) === true, 'second life is certified');
      invariant(battery.location === null, 'second life from no slot');
      break;
    case 'BatteryEvaluated':
    case 'BatteryDiagnosed':
    case 'BatteryStored':
      invariant(battery.siteId !== null, `${written.type} after a receipt`);
      break;
    case 'BatteryHandedOverForRecycling':
      invariant(battery.location === null && battery.handOver === null, 'handed over once, from no slot');
      break;
    case 'BatteryRecycled':
      invariant(battery.handOver !== null, 'recycled after hand-over');
      break;
  }
}

/** What holds of every battery and site reachable through accepted commands. */
function checkWorld(batteries: Batteries, sites: Sites, now: string): void {
  const held = Object.values(sites).flatMap((site) =>
    site.zones.flatMap((zone) =>
      zone.slots.map(({ slot, batteryId, hazardClass }) => ({ siteId: site.siteId, zone, slot, batteryId, hazardClass })),
    ),
  );
  for (const { zone } of held) {
    invariant(zone.slots.length <= zone.capacity, `zone ${zone.zone} within capacity`);
    invariant(new Set(zone.slots.map(({ slot }) => slot)).size === zone.slots.length, `one battery per slot in ${zone.zone}`);
  }
  for (const slot of held)
    invariant(slot.hazardClass !== 'damaged-critical' || slot.zone.kind === 'isolation', 'critical only in isolation');
  for (const battery of Object.values(batteries)) {
    if (!battery.registered) continue;
    invariant((battery.status === 'waste') === (battery.handOver !== null), 'waste status exactly when handed over');
    invariant((battery.hazardClass === 'waste') === (battery.handOver !== null), 'waste hazard class exactly when handed over');
    invariant(battery.handOver === null || activeCertificate(battery, now) === null, 'no active certificate after hand-over');
    const mine = held.filter((slot) => slot.batteryId === battery.batteryId);
    const { location } = battery;
    invariant(
      location === null
        ? mine.length === 0
        : mine.length === 1 &&
            mine[0]!.siteId === location.siteId &&
            mine[0]!.zone.zone === location.zone &&
            mine[0]!.slot === location.slot,
      `site slots agree with the location of ${battery.batteryId}`,
    );
    invariant(location === null || battery.siteId === location.siteId, 'stored at the site in custody');
  }
}

function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  return typeof value === 'object' && value !== null && Object.values(value).some(hasUndefined);
}

describe('property: no sequence of commands reaches a state the rules forbid', () => {
  it('holds for random walks through three batteries and two sites', () => {
    const reached = new Set<string>();
    const refusals = [InvalidCommand, ResourceNotFound, LifecycleRuleViolation];
    fc.assert(
      fc.property(fc.oneof(randomWalk, guidedWalk, storageWalk), (walk) => {
        let batteries: Batteries = Object.fromEntries(BATTERIES.map((id) => [id, initialBatteryState]));
        let sites: Sites = Object.fromEntries(SITES.map((id) => [id, foldSiteEvents([siteEvents.created(id)]) as CreatedSite]));
        const stages: Record<string, number> = {};
        let now = Date.parse('2025-01-01T00:00:00.000Z');
        for (const { command: cmd, days, successor } of walk) {
          now += days * 86_400_000;
          const at = new Date(now).toISOString();
          let battery = batteries[cmd.batteryId]!;
          let decision: ReturnType<typeof decide>;
          try {
            decision = decide(cmd, battery, sites, at, successor);
          } catch (error) {
            if (error instanceof LifecycleRuleViolation) reached.add(error.rule);
            if (refusals.some((refusal) => error instanceof refusal)) continue;
            throw error;
          }
          // The store keeps JSON: an `undefined` inside would not survive the round trip.
          invariant(!hasUndefined(decision), 'no undefined in events');
          for (const written of decision.batteryEvents) {
            reached.add(written.type);
            checkPrecondition(battery, written, at);
            battery = evolveBattery(battery, written);
          }
          batteries = { ...batteries, [cmd.batteryId]: battery };
          const { siteId } = decision;
          if (siteId !== null) sites = { ...sites, [siteId]: decision.siteEvents.reduce(evolveSite, sites[siteId]!) };
          if (battery.registered) {
            const stage = STAGES.indexOf(battery.stage);
            invariant(stage >= (stages[cmd.batteryId] ?? 0), 'stage never goes back');
            stages[cmd.batteryId] = stage;
          }
          checkWorld(batteries, sites, at);
        }
      }),
      { numRuns: 200, examples: [[slotContest]] },
    );
    // Guards against a vacuous property: the walks must get through the whole lifecycle and
    // into every storage conflict.
    // Transfers and imports cross instances: test/e2e/transfers.spec.ts and libs/transfers cover them.
    const local = BATTERY_EVENT_TYPES.filter((type) => type !== 'BatteryTransferred' && type !== 'BatteryImported');
    expect([...reached]).toEqual(expect.arrayContaining([...local, ...STORAGE_RULES]));
  });
});
