import { batteryEvent, type BatteryEvent, type Materials, type RegisterBatteryBody } from '#libs/lifecycle';
import { aRegistration } from '#libs/battery-journey';
import {
  evolvePassportFacts,
  initialPassportFacts,
  passportSubject,
  type EconomicOperator,
  type PassportFacts,
  type PassportSubject,
} from '../src/index.js';

/** Day `n` of the battery's life after 1 March 2026, at noon UTC. */
export const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n, 12)).toISOString();

/** The fixtures' IONIQ 5 pack, as its registration event. */
export function registration(batteryId: string, predecessorIds: string[] = []) {
  const body = aRegistration({ batteryId, serialNumber: `SN-${batteryId}` }) as RegisterBatteryBody & { materials: Materials };
  return batteryEvent('BatteryRegistered', day(0), { ...body, predecessorIds });
}

export const receipt = (n: number, stateOfChargePct = 45) =>
  batteryEvent('BatteryReceived', day(n), { siteId: 'SITE-1', source: 'dealer', hazardClass: 'intact', stateOfChargePct });

export const evaluation = (n: number, extra: { negativeEvents?: string[]; numberOfFullCycles?: number } = {}) =>
  batteryEvent('BatteryEvaluated', day(n), {
    method: 'full-capacity-test',
    stateOfHealthPct: 86.4,
    remainingCapacityAh: 155.5,
    remainingEnergyKWh: 55.3,
    internalResistanceMOhm: 95,
    selfDischargePctPerMonth: 2.1,
    visualInspection: 'pass',
    insulationResistanceMOhm: 550,
    grade: 'A',
    thresholds: { gradeAMinStateOfHealthPct: 80, gradeBMinStateOfHealthPct: 60, minInsulationResistanceMOhm: 100 },
    disqualifiers: [],
    ...extra,
  });

export const diagnosis = (n: number) =>
  batteryEvent('BatteryDiagnosed', day(n), {
    tests: [{ name: 'insulation', result: 'pass', value: 550, unit: 'MΩ' }],
    verdict: 'pass',
    standard: 'UL 1974',
  });

export const reused = (n: number, operatorName = 'GridCell') =>
  batteryEvent('BatteryReused', day(n), { application: 'ess', operatorName, certificateId: `CERT-${n}` });
export const repurposed = (n: number, successorBatteryId: string) =>
  batteryEvent('BatteryRepurposed', day(n), {
    application: 'ess',
    operatorName: 'Second Grid',
    certificateId: `CERT-${n}`,
    successorBatteryId,
  });
export const remanufactured = (n: number, successorBatteryId: string) =>
  batteryEvent('BatteryRemanufactured', day(n), {
    application: 'ev',
    operatorName: 'Reman Works',
    certificateId: `CERT-${n}`,
    successorBatteryId,
  });
export const handOver = (n: number) => batteryEvent('BatteryHandedOverForRecycling', day(n), { recycler: 'SungEel HiTech' });
export const recycled = (n: number) =>
  batteryEvent('BatteryRecycled', day(n), { process: 'hydrometallurgy', inputMassKg: 400, recovered: { lithiumKg: 3 } });

export function facts(events: readonly BatteryEvent[]): PassportFacts {
  return events.reduce(evolvePassportFacts, initialPassportFacts);
}

/** The subject of a battery's passport, its predecessors given as their own histories. */
export function subject(
  events: readonly BatteryEvent[],
  predecessors: Record<string, readonly BatteryEvent[]> = {},
  economicOperator?: EconomicOperator,
): PassportSubject {
  return passportSubject({
    facts: facts(events),
    revision: events.length - 1,
    historyHash: 'ab'.repeat(32),
    predecessors: new Map(Object.entries(predecessors).map(([id, history]) => [id, facts(history)])),
    economicOperator,
  });
}

/** An operator as a registered organisation would give it: what both standard formats need. */
export function organisation(role: EconomicOperator['role'], name: string): EconomicOperator {
  return {
    role,
    name,
    organisationId: `ORG-${name.replace(/\W/g, '')}`,
    identifiers: { bpnl: 'BPNL00000003CML1', krBusinessNumber: '1208100123' },
    address: { country: 'KR', postalCode: '44776', street: '12 Bangeojinsunhwando-ro, Ulsan' },
  };
}
