import type { Application, Grade, HazardClass } from '#libs/lifecycle';
import { journey } from '#libs/battery-journey';
import { aRandomRecyclingOutcome, aRandomRegistration, type Registration } from './battery-specs.js';
import { Random, round } from './random.js';
import type { SeedClient } from './seed-client.js';
import type { SiteLayout, Slot, StorageSlots } from './storage-slots.js';

export interface SeedContext {
  client: SeedClient;
  slots: StorageSlots;
  sites: readonly SiteLayout[];
  runTag: string;
  seed: number;
}

const DAY_MS = 86_400_000;

/** When each step happened: the battery's story starts up to a year back and moves on by days. */
class Timeline {
  private at: number;
  private readonly latest = Date.now() - 60_000;

  constructor(private readonly random: Random) {
    this.at = Date.now() - random.between(20, 380) * DAY_MS;
  }

  next(minDays = 0.2, maxDays = 6): string {
    this.at = Math.min(this.latest, this.at + this.random.between(minDays, maxDays) * DAY_MS);
    return new Date(this.at).toISOString();
  }
}

const RECYCLERS = ['SungEel HiTech', 'Posco HY Clean Metal', 'Korea Zinc recycling', 'Green Metals Co.'];
const OPERATORS = ['GridCell Storage', 'EV Charge Korea', 'SubscribePack', 'UPS Solutions', 'Farm Energy Co-op'];
const APPLICATIONS_BY_GRADE: Record<'A' | 'B', readonly Application[]> = {
  A: ['ev', 'ess', 'ups', 'ev-charger'],
  B: ['ess', 'ups', 'ev-charger', 'subscription', 'lmt'],
};

/**
 * One battery's lifecycle through the HTTP commands, with the mix a centre sees: a few stop at
 * registration or receipt; most are evaluated and racked; grade C, failed diagnoses and revoked
 * certificates go to recycling (most with an outcome); the rest are certified and given a second
 * life, repurposed and remanufactured ones under a new identity. The grade is the server's.
 */
export async function driveBattery(index: number, context: SeedContext): Promise<void> {
  const { client, slots, sites, runTag, seed } = context;
  const random = Random.forBattery(seed, index);
  const time = new Timeline(random);
  const battery = aRandomRegistration(random, `SEED-${runTag}-${String(index + 1).padStart(6, '0')}`);
  const id = battery.batteryId;
  await client.send(battery);
  if (random.chance(0.03)) return;

  const siteId = random.pick(sites).siteId;
  const hazardClass = random.weighted<HazardClass>({ intact: 80, 'damaged-non-critical': 15, 'damaged-critical': 5 });
  await client.send(
    journey.receive(id, siteId, {
      source: random.weighted({ dealer: 30, oem: 20, scrapyard: 15, owner: 10, collector: 20, other: 5 }),
      hazardClass,
      // Not sent (undefined) for the share that arrives with its state of charge unknown.
      stateOfChargePct: random.chance(0.7) ? round(random.between(5, 90), 1) : undefined,
      occurredAt: time.next(),
    }),
  );
  if (random.chance(0.05)) return;

  const stateOfHealthPct = round(random.normal(78, 12, 20, 100), 1);
  const { grade } = (await client.send(
    journey.evaluate(id, {
      method: random.weighted({ 'full-capacity-test': 40, 'bms-data': 35, hppc: 15, eis: 10 }),
      stateOfHealthPct,
      remainingCapacityAh: round((battery.ratedCapacityAh * stateOfHealthPct) / 100, 1),
      remainingEnergyKWh: random.chance(0.8) ? round((battery.ratedEnergyKWh * stateOfHealthPct) / 100, 2) : undefined,
      internalResistanceMOhm: round(random.between(40, 180), 1),
      insulationResistanceMOhm: round(random.between(200, 900), 0),
      numberOfFullCycles: Math.round(random.between(150, 2500)),
      visualInspection: random.chance(hazardClass === 'damaged-critical' ? 0.5 : 0.04) ? 'fail' : 'pass',
      occurredAt: time.next(),
    }),
  )) as { grade: Grade };

  let slot = random.chance(0.75) ? slots.take(siteId, hazardClass) : null;
  if (slot !== null) {
    await client.send(
      journey.store(id, siteId, slot.zone, slot.slot, {
        stateOfChargePct: round(random.chance(0.85) ? random.between(30, 50) : random.between(10, 95), 1),
        occurredAt: time.next(),
      }),
    );
  }
  /** The rest of the story happens off the rack: the slot goes back to the pool. */
  const leaveRack = async () => {
    if (slot === null) return;
    const taken: Slot = slot;
    slot = null;
    await client.send(
      journey.release(id, { reason: random.pick(['picked for the test bench', 'dispatched', 'to dismantling']), occurredAt: time.next() }),
    );
    slots.give(taken);
  };
  const recycle = async (reason: string) => {
    await leaveRack();
    await client.send(journey.handOver(id, { recycler: random.pick(RECYCLERS), reason, occurredAt: time.next() }));
    if (random.chance(0.88)) await client.send(aRandomRecyclingOutcome(random, battery, time.next(3, 30)));
  };

  if (grade === 'C') return recycle('grade C after evaluation');
  if (random.chance(0.12)) return;

  const passed = random.chance(0.92);
  await client.send(
    journey.diagnose(id, {
      tests: [
        { name: 'capacity', result: 'pass', value: stateOfHealthPct, unit: '%' },
        {
          name: 'dcir',
          result: passed ? 'pass' : random.pick(['pass', 'fail'] as const),
          value: round(random.between(40, 180), 1),
          unit: 'mΩ',
        },
        {
          name: 'insulation',
          result: passed ? 'pass' : 'fail',
          value: round(random.between(passed ? 200 : 0.1, passed ? 900 : 0.9), 1),
          unit: 'MΩ',
        },
        { name: 'thermal-imaging', result: 'pass' },
      ],
      verdict: passed ? 'pass' : 'fail',
      standard: random.pick(['UL 1974', 'KC 10031']),
      occurredAt: time.next(),
    }),
  );
  if (!passed) return recycle('failed diagnosis');

  const applications = random.someOf(APPLICATIONS_BY_GRADE[grade]);
  const { certificateId } = (await client.send(
    journey.certify(id, { applications, validMonths: random.pick([12, 24, 36]), standard: 'UL 1974' }),
  )) as { certificateId: string };
  if (random.chance(0.08)) return;
  if (random.chance(0.04)) {
    await client.send(journey.revoke(id, certificateId, 'cell swelling found at the customer site'));
    return recycle('certificate revoked');
  }

  await leaveRack();
  await secondLife(random, time, context, battery, grade, applications, siteId);
}

async function secondLife(
  random: Random,
  time: Timeline,
  { client }: SeedContext,
  battery: Registration,
  grade: 'A' | 'B',
  applications: Application[],
  siteId: string,
) {
  const kind =
    grade === 'A'
      ? random.weighted({ 're-used': 45, remanufactured: 20, repurposed: 35 })
      : random.weighted({ 're-used': 35, repurposed: 65 });
  const application = random.pick(applications);
  const body = { kind, application, operatorName: random.pick(OPERATORS), occurredAt: time.next(1, 20) };
  if (kind === 're-used') {
    await client.send(journey.secondLife(battery.batteryId, body));
    return;
  }
  // A new identity whose passport names this battery (EU Annex XIII); half come back for intake.
  const successor = aRandomRegistration(random, `${battery.batteryId}-${kind === 'repurposed' ? 'RP' : 'RM'}`, {
    category: kind === 'repurposed' ? 'stationary' : undefined,
    chemistry: battery.chemistry,
    ratedEnergyKWh: round(battery.ratedEnergyKWh * random.between(0.6, 0.9), 1),
    predecessorIds: [battery.batteryId],
  });
  await client.send(successor);
  await client.send(journey.secondLife(battery.batteryId, { ...body, successorBatteryId: successor.batteryId }));
  if (random.chance(0.5)) {
    await client.send(
      journey.receive(successor.batteryId, siteId, { source: 'other', stateOfChargePct: undefined, occurredAt: time.next() }),
    );
  }
}
