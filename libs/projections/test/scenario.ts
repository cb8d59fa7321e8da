import { randomUUID } from 'node:crypto';
import { journey, JourneyDecider, type DecidedEvent } from '#libs/battery-journey';
import type { RecordedEvent } from '#libs/event-store';
import {
  DEFAULT_GRADE_THRESHOLDS,
  batteryEvent,
  siteEvent,
  siteStreamId,
  toNewEvent,
  type Application,
  type BatteryEvent,
  type Chemistry,
  type Grade,
  type HazardClass,
  type Materials,
  type SiteEvent,
} from '#libs/lifecycle';

/** The clock the views are read at; every figure in the specs is worked out by hand against it. */
export const NOW = new Date('2025-03-01T00:00:00.000Z');

/** One event of a stream, as the lifecycle deciders would have produced it. */
export interface LogEntry {
  streamId: string;
  event: DecidedEvent['event'];
}

/** Builds a log stream by stream, in the order the steps happen. */
export class LogBuilder {
  readonly entries: LogEntry[] = [];

  site(siteId: string, zones: { zone: string; kind: 'standard' | 'isolation'; capacity: number }[]): this {
    return this.push(
      siteStreamId(siteId),
      siteEvent('SiteCreated', '2025-01-01T00:00:00.000Z', { siteId, name: `Centre ${siteId}`, zones }),
    );
  }

  /** Registered through the decider, from the journey kit's registration with the figures the views are about. */
  battery(
    batteryId: string,
    chemistry: Chemistry,
    ratedEnergyKWh: number,
    materials: Materials = {},
    predecessorIds: string[] = [],
  ): BatteryBuilder {
    const registration = journey.register({
      batteryId,
      chemistry,
      manufacturer: 'Acme Cells',
      model: 'P-60',
      manufacturingDate: '2018-03-01',
      massKg: 300,
      ratedEnergyKWh,
      predecessorIds,
      materials,
    });
    for (const { streamId, event } of new JourneyDecider({ now: () => '2025-01-02T00:00:00.000Z' }).run(registration))
      this.push(streamId, event);
    return new BatteryBuilder(this, batteryId);
  }

  push(streamId: string, event: DecidedEvent['event']): this {
    this.entries.push({ streamId, event });
    return this;
  }
}

class BatteryBuilder {
  constructor(
    private readonly log: LogBuilder,
    private readonly batteryId: string,
  ) {}

  private add(event: BatteryEvent): this {
    this.log.push(this.batteryId, event);
    return this;
  }

  received(at: string, siteId: string, hazardClass: HazardClass, stateOfChargePct?: number): this {
    return this.add(batteryEvent('BatteryReceived', at, { siteId, source: 'dealer', hazardClass, stateOfChargePct }));
  }

  evaluated(at: string, grade: Grade, stateOfHealthPct: number, remainingEnergyKWh?: number): this {
    return this.add(
      batteryEvent('BatteryEvaluated', at, {
        method: 'full-capacity-test',
        stateOfHealthPct,
        remainingCapacityAh: 150,
        visualInspection: 'pass',
        remainingEnergyKWh,
        grade,
        thresholds: DEFAULT_GRADE_THRESHOLDS,
        disqualifiers: [],
      }),
    );
  }

  /** Storage writes the battery stream and the site's slot together, as the storage decider does. */
  stored(at: string, siteId: string, zone: string, slot: string, hazardClass: HazardClass, stateOfChargePct?: number): this {
    this.add(batteryEvent('BatteryStored', at, { siteId, zone, slot, stateOfChargePct }));
    this.log.push(siteStreamId(siteId), siteEvent('SiteSlotOccupied', at, { zone, slot, batteryId: this.batteryId, hazardClass }));
    return this;
  }

  released(at: string, siteId: string, zone: string, slot: string): this {
    this.add(batteryEvent('BatteryReleasedFromStorage', at, { siteId, zone, slot, reason: 'to the test bench' }));
    this.log.push(siteStreamId(siteId), siteEvent('SiteSlotVacated', at, { zone, slot, batteryId: this.batteryId }));
    return this;
  }

  diagnosed(at: string): this {
    return this.add(batteryEvent('BatteryDiagnosed', at, { tests: [{ name: 'capacity', result: 'pass' }], verdict: 'pass' }));
  }

  certified(certificateId: string, issuedAt: string, validUntil: string, applications: Application[]): this {
    return this.add(
      batteryEvent('ReuseCertificateIssued', issuedAt, {
        certificateId,
        applications,
        issuedAt,
        validUntil,
        certificate: {},
        signature: {},
      }),
    );
  }

  revoked(certificateId: string, revokedAt: string): this {
    return this.add(batteryEvent('ReuseCertificateRevoked', revokedAt, { certificateId, reason: 'cell swelling found', revokedAt }));
  }

  reused(at: string, application: Application, certificateId: string): this {
    return this.add(batteryEvent('BatteryReused', at, { application, operatorName: 'ESS Korea', certificateId }));
  }

  repurposed(at: string, application: Application, certificateId: string, successorBatteryId: string): this {
    return this.add(batteryEvent('BatteryRepurposed', at, { application, operatorName: 'ESS Korea', certificateId, successorBatteryId }));
  }

  handedOver(at: string): this {
    return this.add(batteryEvent('BatteryHandedOverForRecycling', at, { recycler: 'Green Metals' }));
  }

  recycled(at: string, inputMassKg: number, recovered: Materials): this {
    return this.add(batteryEvent('BatteryRecycled', at, { process: 'hydrometallurgy', inputMassKg, recovered }));
  }
}

/**
 * Two sites and ten batteries covering every view: band edges (SoC 50 and 80, SoH 70, 90 and
 * 100), storage over receipt state of charge, an unknown one, a release, an expired, a revoked and two active
 * certificates, both second-life kinds that need a certificate, a hand-over straight from
 * registration, and one recycling outcome with a rounding case.
 */
export function scenario(): LogEntry[] {
  const log = new LogBuilder();
  log.site('S1', [
    { zone: 'Z-STD', kind: 'standard', capacity: 3 },
    { zone: 'Z-ISO', kind: 'isolation', capacity: 2 },
  ]);
  log.site('S2', [{ zone: 'A', kind: 'standard', capacity: 1 }]);

  log
    .battery('BAT-001', 'NMC', 60, { lithiumKg: 6, cobaltKg: 4, nickelKg: 10 })
    .received('2025-01-03T00:00:00.000Z', 'S1', 'intact', 45)
    .evaluated('2025-01-04T00:00:00.000Z', 'A', 90, 54)
    .stored('2025-02-01T00:00:00.000Z', 'S1', 'Z-STD', '1', 'intact', 50);
  log
    .battery('BAT-002', 'LFP', 50)
    .received('2025-01-10T00:00:00.000Z', 'S1', 'damaged-critical', 20)
    .stored('2025-02-15T00:00:00.000Z', 'S1', 'Z-ISO', '1', 'damaged-critical');
  log
    .battery('BAT-003', 'NMC', 40)
    .received('2025-01-03T00:00:00.000Z', 'S1', 'intact', 80)
    .evaluated('2025-01-05T00:00:00.000Z', 'B', 70)
    .diagnosed('2025-01-06T00:00:00.000Z')
    .certified('CERT-3', '2025-01-20T00:00:00.000Z', '2027-01-20T00:00:00.000Z', ['ess', 'ups'])
    .reused('2025-01-25T00:00:00.000Z', 'ess', 'CERT-3');
  log
    .battery('BAT-004', 'NCA', 70, { lithiumKg: 5, cobaltKg: 3, nickelKg: 20, copperKg: 8 })
    .received('2025-01-03T00:00:00.000Z', 'S2', 'intact')
    .evaluated('2025-01-04T00:00:00.000Z', 'C', 55)
    .handedOver('2025-01-07T00:00:00.000Z')
    .recycled('2025-01-20T00:00:00.000Z', 400, { lithiumKg: 3, cobaltKg: 2, nickelKg: 18.5, copperKg: 8, aluminiumKg: 12 });
  log.battery('BAT-005', 'NMC', 60).handedOver('2025-01-08T00:00:00.000Z');
  log
    .battery('BAT-006', 'LFP', 30)
    .received('2025-01-03T00:00:00.000Z', 'S1', 'intact', 60)
    .evaluated('2025-01-04T00:00:00.000Z', 'A', 100, 29.5)
    .diagnosed('2025-01-04T12:00:00.000Z')
    .certified('CERT-6', '2025-01-05T00:00:00.000Z', '2025-02-05T00:00:00.000Z', ['ev-charger'])
    .stored('2025-02-20T12:00:00.000Z', 'S1', 'Z-STD', '2', 'intact', 80);
  log
    .battery('BAT-007', 'NMC', 60)
    .received('2025-01-03T00:00:00.000Z', 'S1', 'intact', 40)
    .stored('2025-01-04T00:00:00.000Z', 'S1', 'Z-STD', '3', 'intact')
    .released('2025-01-10T00:00:00.000Z', 'S1', 'Z-STD', '3')
    .evaluated('2025-01-11T00:00:00.000Z', 'A', 85, 50)
    .diagnosed('2025-01-12T00:00:00.000Z')
    .certified('CERT-7', '2025-01-25T00:00:00.000Z', '2027-01-25T00:00:00.000Z', ['ess', 'lmt'])
    .revoked('CERT-7', '2025-02-01T00:00:00.000Z');
  log.battery('BAT-009', 'LFP', 25, {}, ['BAT-008']);
  log
    .battery('BAT-008', 'NMC', 45)
    .received('2025-01-03T00:00:00.000Z', 'S1', 'damaged-non-critical')
    .evaluated('2025-01-04T00:00:00.000Z', 'B', 65, 30.25)
    .diagnosed('2025-01-05T00:00:00.000Z')
    .certified('CERT-8', '2025-01-22T00:00:00.000Z', '2027-01-22T00:00:00.000Z', ['ess'])
    .repurposed('2025-01-30T00:00:00.000Z', 'ess', 'CERT-8', 'BAT-009');
  log
    .battery('BAT-010', 'NMC', 60)
    .received('2025-02-27T00:00:00.000Z', 'S2', 'intact')
    .stored('2025-02-28T00:00:00.000Z', 'S2', 'A', 'A1', 'intact');
  return log.entries;
}

/** The entries as a store would record them: per-stream revisions from 0, positions 1, 2, … */
export function recordedLog(entries: readonly LogEntry[]): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return entries.map(({ streamId, event }, index) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const { type, data, metadata } = toNewEvent(event);
    return {
      id: randomUUID(),
      streamId,
      type,
      data,
      metadata,
      revision,
      position: String(index + 1),
      recordedAt: event.occurredAt,
      hash: '',
      previousHash: null,
    };
  });
}
