import {
  batteryEvent,
  decideBattery,
  initialBatteryState,
  DEFAULT_GRADING_POLICY,
  DEFAULT_GRADE_THRESHOLDS,
  foldSiteEvents,
  siteEvent,
  type BatteryEventOf,
  type DecisionContext,
  type DiagnoseBattery,
  type EvaluateBattery,
  type HandOverForRecycling,
  type IssueReuseCertificate,
  type ReceiveBattery,
  type RecordRecyclingOutcome,
  type RecordSecondLife,
  type RegisterBattery,
  type ReleaseBatteryFromStorage,
  type RevokeReuseCertificate,
  type SiteEventOf,
  type StoreBattery,
} from '#libs/lifecycle';
import { journey } from '#libs/battery-journey';

/** Times of the given events, all before NOW, in stream order. */
export const T = {
  registered: '2025-01-10T08:00:00.000Z',
  received: '2025-01-11T08:00:00.000Z',
  evaluated: '2025-01-12T08:00:00.000Z',
  stored: '2025-01-12T09:00:00.000Z',
  diagnosed: '2025-01-13T08:00:00.000Z',
  certified: '2025-01-14T08:00:00.000Z',
  released: '2025-01-15T08:00:00.000Z',
  secondLife: '2025-01-16T08:00:00.000Z',
  handedOver: '2025-01-17T08:00:00.000Z',
  recycled: '2025-01-18T08:00:00.000Z',
} as const;
export const NOW = '2025-06-01T12:00:00.000Z';

export const BATTERY = 'BAT-001';
export const SUCCESSOR = 'BAT-900';
export const SITE = 'SITE-1';
export const CERTIFICATE = 'CERT-1';

/** Stands in for the certificate module: the "document" records what it was asked to sign. */
export const signCertificate: NonNullable<DecisionContext['signCertificate']> = (battery, issue) => ({
  certificate: { certificateId: issue.certificateId, batteryId: battery.batteryId, validUntil: issue.validUntil },
  signature: { alg: 'EdDSA', keyId: 'k1', value: 'c2ln' },
});

/** By default receipts are at SITE, which exists. */
export function context(overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { now: NOW, gradingPolicy: DEFAULT_GRADING_POLICY, site: foldSiteEvents([siteEvents.created()]), signCertificate, ...overrides };
}

type Data<Type extends Parameters<typeof batteryEvent>[0]> = Partial<BatteryEventOf<Type>['data']>;

/** Given events: a battery that went the whole way, one step per builder. */
export const event = {
  /** From the decider, given the registration command below: a new registration field is given there. */
  registered: (data: Data<'BatteryRegistered'> = {}) => {
    const [registered] = decideBattery(
      command.register({ materials: { lithiumKg: 6, cobaltKg: 8, nickelKg: 28 } }),
      initialBatteryState,
      context({ now: T.registered }),
    );
    return {
      ...(registered as BatteryEventOf<'BatteryRegistered'>),
      data: { ...(registered as BatteryEventOf<'BatteryRegistered'>).data, ...data },
    };
  },
  received: (data: Data<'BatteryReceived'> = {}) =>
    batteryEvent('BatteryReceived', T.received, { siteId: SITE, source: 'dealer', hazardClass: 'intact', stateOfChargePct: 45, ...data }),
  evaluated: (data: Data<'BatteryEvaluated'> = {}) =>
    batteryEvent('BatteryEvaluated', T.evaluated, {
      method: 'full-capacity-test',
      stateOfHealthPct: 86,
      remainingCapacityAh: 155,
      visualInspection: 'pass',
      grade: 'A',
      thresholds: DEFAULT_GRADE_THRESHOLDS,
      disqualifiers: [],
      ...data,
    }),
  stored: (data: Data<'BatteryStored'> = {}) =>
    batteryEvent('BatteryStored', T.stored, { siteId: SITE, zone: 'Z-STD', slot: 'S-01', stateOfChargePct: 40, ...data }),
  released: (data: Data<'BatteryReleasedFromStorage'> = {}) =>
    batteryEvent('BatteryReleasedFromStorage', T.released, { siteId: SITE, zone: 'Z-STD', slot: 'S-01', reason: 'hand-out', ...data }),
  diagnosed: (data: Data<'BatteryDiagnosed'> = {}) =>
    batteryEvent('BatteryDiagnosed', T.diagnosed, {
      tests: [
        { name: 'capacity', result: 'pass', value: 155, unit: 'Ah' },
        { name: 'insulation', result: 'pass', value: 500, unit: 'MOhm' },
      ],
      verdict: 'pass',
      standard: 'KC 10031',
      ...data,
    }),
  certified: (data: Data<'ReuseCertificateIssued'> = {}) =>
    batteryEvent('ReuseCertificateIssued', T.certified, {
      certificateId: CERTIFICATE,
      applications: ['ess', 'ups'],
      issuedAt: T.certified,
      validUntil: '2027-01-14T08:00:00.000Z',
      certificate: { certificateId: CERTIFICATE },
      signature: { alg: 'EdDSA', keyId: 'k1', value: 'c2ln' },
      ...data,
    }),
  revoked: (data: Data<'ReuseCertificateRevoked'> = {}) =>
    batteryEvent('ReuseCertificateRevoked', T.released, {
      certificateId: CERTIFICATE,
      reason: 'evidence withdrawn',
      revokedAt: T.released,
      ...data,
    }),
  reused: (data: Data<'BatteryReused'> = {}) =>
    batteryEvent('BatteryReused', T.secondLife, { application: 'ess', operatorName: 'ReStore Ltd', certificateId: CERTIFICATE, ...data }),
  repurposed: (data: Data<'BatteryRepurposed'> = {}) =>
    batteryEvent('BatteryRepurposed', T.secondLife, {
      application: 'ess',
      operatorName: 'ReStore Ltd',
      certificateId: CERTIFICATE,
      successorBatteryId: SUCCESSOR,
      ...data,
    }),
  handedOver: (data: Data<'BatteryHandedOverForRecycling'> = {}) =>
    batteryEvent('BatteryHandedOverForRecycling', T.handedOver, { recycler: 'Hydro Recycling', ...data }),
  recycled: (data: Data<'BatteryRecycled'> = {}) =>
    batteryEvent('BatteryRecycled', T.recycled, {
      process: 'hydrometallurgy',
      inputMassKg: 300,
      recovered: { lithiumKg: 4, cobaltKg: 7.5, nickelKg: 26 },
      blackMassKg: 90,
      ...data,
    }),
};

/** Given events up to and including a passing diagnosis: the battery can be certified. */
export const certifiable = () => [event.registered(), event.received(), event.evaluated(), event.diagnosed()];
/** …and certified for `ess` and `ups` until 2027. */
export const certified = () => [...certifiable(), event.certified()];

export const siteEvents = {
  created: (siteId = SITE) =>
    siteEvent('SiteCreated', T.registered, {
      siteId,
      name: 'Ulsan centre',
      zones: [
        { zone: 'Z-STD', kind: 'standard', capacity: 2 },
        { zone: 'Z-ISO', kind: 'isolation', capacity: 1 },
      ],
    }),
  occupied: (data: Partial<SiteEventOf<'SiteSlotOccupied'>['data']> = {}) =>
    siteEvent('SiteSlotOccupied', T.stored, { zone: 'Z-STD', slot: 'S-01', batteryId: BATTERY, hazardClass: 'intact', ...data }),
};

/**
 * The journey kit's commands on BATTERY at SITE, with the values the given events above hold;
 * tests add what they are about. Fields no test here is about come from the kit's builders.
 */
export const command = {
  register: (body: Partial<RegisterBattery> = {}): RegisterBattery =>
    journey.register({
      batteryId: BATTERY,
      manufacturer: 'Acme Cells',
      model: 'P-60',
      manufacturingDate: '2018-03-01',
      massKg: 300,
      nominalVoltageV: 356,
      materials: undefined,
      ...body,
    }),
  receive: (body: Partial<ReceiveBattery> = {}): ReceiveBattery => ({
    ...journey.receive(BATTERY, SITE, { stateOfChargePct: undefined }),
    ...body,
  }),
  evaluate: (body: Partial<EvaluateBattery> = {}): EvaluateBattery => ({
    ...journey.evaluate(BATTERY, { stateOfHealthPct: 86, remainingCapacityAh: 155, remainingEnergyKWh: undefined }),
    ...body,
  }),
  store: (body: Partial<StoreBattery> = {}): StoreBattery => ({ ...journey.store(BATTERY, SITE, 'Z-STD', 'S-01'), ...body }),
  release: (body: Partial<ReleaseBatteryFromStorage> = {}): ReleaseBatteryFromStorage => ({
    ...journey.release(BATTERY, { reason: 'hand-out' }),
    ...body,
  }),
  diagnose: (body: Partial<DiagnoseBattery> = {}): DiagnoseBattery => ({
    ...journey.diagnose(BATTERY, { tests: [{ name: 'capacity', result: 'pass' }], standard: undefined }),
    ...body,
  }),
  issue: (body: Partial<IssueReuseCertificate> = {}): IssueReuseCertificate => ({ ...journey.certify(BATTERY, {}, 'CERT-2'), ...body }),
  revoke: (body: Partial<RevokeReuseCertificate> = {}): RevokeReuseCertificate => ({
    ...journey.revoke(BATTERY, CERTIFICATE, 'evidence withdrawn'),
    ...body,
  }),
  secondLife: (body: Partial<RecordSecondLife> = {}): RecordSecondLife => ({
    ...journey.secondLife(BATTERY, { operatorName: 'ReStore Ltd' }),
    ...body,
  }),
  handOver: (body: Partial<HandOverForRecycling> = {}): HandOverForRecycling => ({
    ...journey.handOver(BATTERY, { recycler: 'Hydro Recycling' }),
    ...body,
  }),
  recyclingOutcome: (body: Partial<RecordRecyclingOutcome> = {}): RecordRecyclingOutcome => ({
    ...journey.recyclingOutcome(BATTERY, { inputMassKg: 300, recovered: { lithiumKg: 4, cobaltKg: 7.5 } }),
    ...body,
  }),
};
