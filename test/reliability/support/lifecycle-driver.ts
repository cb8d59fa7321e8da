/**
 * Random but valid battery lifecycles, as a centre would record them: every body is valid and
 * every step follows the rules as far as one client can know. What only the server can know —
 * another client took the slot, the zone filled up — is where races happen: storage goes to
 * shared zones of small capacity with more slot names than places.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpCommand, journey, type JourneyCommand } from '#libs/battery-journey';
import type { Rng } from './rng.js';
import type { CommandSpec, Outcome, SoakClient } from './soak-client.js';

export interface SoakZone {
  zone: string;
  kind: 'standard' | 'isolation';
  capacity: number;
  slots: string[];
}

export interface SoakSite {
  siteId: string;
  zones: SoakZone[];
}

const slotNames = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

/** Two sites, each zone with a few more slot names than places, so both slot and zone races occur. */
export function soakSites(): SoakSite[] {
  return ['N', 'S'].map((name) => ({
    siteId: `SOAK-${name}-${randomUUID().slice(0, 8)}`,
    zones: [
      { zone: 'Z-A', kind: 'standard', capacity: 4, slots: slotNames('A', 6) },
      { zone: 'Z-B', kind: 'standard', capacity: 2, slots: slotNames('B', 4) },
      { zone: 'Z-ISO', kind: 'isolation', capacity: 2, slots: slotNames('I', 3) },
    ],
  }));
}

let lastInstant = 0;
/**
 * A past instant no other command of this test process gets: it makes each command's event
 * findable in the store. Within the last minute, so dwell times stay far below the views' rounding.
 */
function uniqueInstant(): string {
  lastInstant = Math.max(lastInstant + 1, Date.now() - 60_000);
  return new Date(lastInstant).toISOString();
}

/** A journey command as the soak client sends it, checked against the event it must leave. */
function spec(name: string, command: JourneyCommand, streamId: string, expect: CommandSpec['expect']): CommandSpec {
  return { command: name, ...httpCommand(command), streamId, expect };
}

export async function createSites(client: SoakClient, sites: readonly SoakSite[]): Promise<void> {
  for (const site of sites) {
    const zones = site.zones.map(({ zone, kind, capacity }) => ({ zone, kind, capacity }));
    const command = journey.createSite({ siteId: site.siteId, name: `Soak centre ${site.siteId}`, zones });
    const outcome = await client.command(spec('create-site', command, `site/${site.siteId}`, { type: 'SiteCreated' }));
    if (!outcome.ok) throw new Error(`could not create site ${site.siteId}`);
  }
}

/** Lifecycles one after another until `until` (epoch ms); a battery in progress then stops where it is. */
export async function driveLifecycles(client: SoakClient, rng: Rng, sites: readonly SoakSite[], until: number): Promise<void> {
  while (Date.now() < until) await new BatteryRun(client, rng, rng.pick(sites), until).run();
}

class BatteryRun {
  private readonly id = `SOAK-${randomUUID()}`;

  constructor(
    private readonly client: SoakClient,
    private readonly rng: Rng,
    private readonly site: SoakSite,
    private readonly until: number,
  ) {}

  /** Each step runs only while the soak lasts and the previous step was acknowledged. */
  private async step(
    name: string,
    command: JourneyCommand,
    expect: CommandSpec['expect'],
    streamId = this.id,
  ): Promise<Outcome | undefined> {
    if (Date.now() >= this.until) return undefined;
    return this.client.command(spec(name, command, streamId, expect));
  }

  /** A command dated at an instant of its own, so its event is found by that instant. */
  private timed(name: string, command: (occurredAt: string) => JourneyCommand, type: string) {
    const occurredAt = uniqueInstant();
    return this.step(name, command(occurredAt), { type, occurredAt });
  }

  async run(): Promise<void> {
    const { rng } = this;
    const massKg = rng.int(300, 450);
    const registered = await this.step(
      'register',
      journey.register({ batteryId: this.id, massKg, chemistry: rng.pick(['NMC', 'NCA', 'LFP'] as const) }),
      {
        type: 'BatteryRegistered',
      },
    );
    if (!registered?.ok) return;
    const hazardClass = rng.chance(0.08) ? 'damaged-critical' : rng.chance(0.1) ? 'damaged-non-critical' : 'intact';
    const source = rng.pick(['oem', 'dealer', 'scrapyard', 'owner', 'collector'] as const);
    const received = await this.timed(
      'receive',
      (occurredAt) => journey.receive(this.id, this.site.siteId, { source, hazardClass, stateOfChargePct: rng.int(5, 95), occurredAt }),
      'BatteryReceived',
    );
    if (!received?.ok) return;
    const evaluated = await this.timed(
      'evaluate',
      (occurredAt) =>
        journey.evaluate(this.id, {
          method: rng.pick(['full-capacity-test', 'bms-data', 'hppc'] as const),
          stateOfHealthPct: rng.int(4000, 10000) / 100,
          remainingCapacityAh: rng.int(80, 180),
          remainingEnergyKWh: rng.int(30, 64),
          visualInspection: rng.chance(0.95) ? 'pass' : 'fail',
          occurredAt,
        }),
      'BatteryEvaluated',
    );
    if (!evaluated?.ok) return;
    const grade = evaluated.body.grade as string;

    const stored = rng.chance(0.7) && (await this.store(hazardClass));
    if (stored === undefined) return;
    const passed = rng.chance(0.85);
    const diagnosed = await this.timed(
      'diagnose',
      (occurredAt) =>
        journey.diagnose(this.id, {
          tests: passed
            ? [
                { name: 'insulation', result: 'pass', value: rng.int(200, 900), unit: 'MΩ' },
                { name: 'capacity', result: 'pass' },
              ]
            : [{ name: 'dcir', result: 'fail', value: rng.int(200, 400), unit: 'mΩ' }],
          verdict: passed ? 'pass' : 'fail',
          occurredAt,
        }),
      'BatteryDiagnosed',
    );
    if (!diagnosed?.ok) return;
    if (stored) {
      // Holding the slot a while is what makes the next battery find the zone full.
      await sleep(rng.int(0, 200));
      const released = await this.timed(
        'release',
        (occurredAt) => journey.release(this.id, { reason: `picked ${randomUUID()}`, occurredAt }),
        'BatteryReleasedFromStorage',
      );
      if (!released?.ok) return;
    }
    if ((grade === 'A' || grade === 'B') && passed) await this.secondLifeOrRecycling(massKg);
    else await this.recycle(massKg);
  }

  /**
   * Tries up to three slots of a zone the hazard class allows. True once stored, false when
   * every try was refused by the rules, undefined when the run must stop.
   */
  private async store(hazardClass: string): Promise<boolean | undefined> {
    const { rng } = this;
    const zones = this.site.zones.filter((zone) => zone.kind === 'isolation' || hazardClass !== 'damaged-critical');
    for (let tries = 0; tries < 3; tries++) {
      const zone = rng.pick(zones);
      const slot = rng.pick(zone.slots);
      const stored = await this.timed(
        'store',
        (occurredAt) => journey.store(this.id, this.site.siteId, zone.zone, slot, { stateOfChargePct: rng.int(30, 50), occurredAt }),
        'BatteryStored',
      );
      if (stored === undefined) return undefined;
      if (stored.ok) return true;
      if (stored.rule !== 'slot-occupied' && stored.rule !== 'zone-full') return undefined;
    }
    return false;
  }

  private async secondLifeOrRecycling(massKg: number): Promise<void> {
    const { rng } = this;
    const applications = rng.chance(0.5)
      ? (['ess'] as const)
      : (['ess', rng.pick(['ups', 'ev-charger', 'subscription'] as const)] as const);
    const certified = await this.step(
      'certify',
      journey.certify(this.id, { applications: [...applications], validMonths: rng.int(6, 36), standard: 'UL 1974' }),
      (answer) => ({
        type: 'ReuseCertificateIssued',
        data: { certificateId: answer.certificateId },
      }),
    );
    if (!certified?.ok) return;
    const certificateId = certified.body.certificateId as string;
    const path = rng();
    if (path < 0.15) {
      const revoked = await this.step(
        'revoke',
        journey.revoke(this.id, certificateId, `insulation fault found at customer site ${randomUUID()}`),
        {
          type: 'ReuseCertificateRevoked',
          data: { certificateId },
        },
      );
      if (revoked?.ok) await this.recycle(massKg);
    } else if (path < 0.6) {
      await this.timed(
        'second-life',
        (occurredAt) => journey.secondLife(this.id, { application: rng.pick(applications), occurredAt }),
        'BatteryReused',
      );
    } else if (path < 0.8) {
      const successorId = `${this.id}-R`;
      const successor = await this.step(
        'register-successor',
        journey.register({ batteryId: successorId, level: 'pack', category: 'stationary', predecessorIds: [this.id] }),
        { type: 'BatteryRegistered' },
        successorId,
      );
      if (!successor?.ok) return;
      await this.timed(
        'second-life',
        (occurredAt) =>
          journey.secondLife(this.id, {
            kind: 'repurposed',
            application: rng.pick(applications),
            successorBatteryId: successorId,
            occurredAt,
          }),
        'BatteryRepurposed',
      );
    }
  }

  private async recycle(massKg: number): Promise<void> {
    const handedOver = await this.timed(
      'hand-over',
      (occurredAt) => journey.handOver(this.id, { occurredAt }),
      'BatteryHandedOverForRecycling',
    );
    if (!handedOver?.ok || this.rng.chance(0.2)) return;
    await this.timed(
      'outcome',
      (occurredAt) =>
        journey.recyclingOutcome(this.id, {
          process: this.rng.pick(['hydrometallurgy', 'pyrometallurgy', 'direct', 'mechanical'] as const),
          inputMassKg: massKg - 5,
          blackMassKg: Math.round(massKg * 0.3),
          recovered: { lithiumKg: 3.1, cobaltKg: 3.8, nickelKg: 21.5, copperKg: 16 },
          occurredAt,
        }),
      'BatteryRecycled',
    );
  }
}
