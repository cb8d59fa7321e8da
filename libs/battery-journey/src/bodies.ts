import { randomUUID } from 'node:crypto';
import type {
  AttachPassportSourceBody,
  CreateSiteBody,
  DiagnoseBatteryBody,
  EvaluateBatteryBody,
  HandOverForRecyclingBody,
  IssueReuseCertificateBody,
  ReceiveBatteryBody,
  RecordRecyclingOutcomeBody,
  RecordSecondLifeBody,
  TransferBatteryBody,
  RegisterBatteryBody,
  RegisterOrganisationBody,
  ReleaseBatteryFromStorageBody,
  StoreBatteryBody,
} from '#libs/lifecycle';

/*
 * One builder per command body of the contract, each with valid defaults and the caller's
 * overrides on top. Every driver (unit tests, e2e, soak, seed, bench) builds its bodies here,
 * so a new field of a body is given its default in one place.
 */

/** The body as plain object types all the way down, so it passes where any JSON object is taken. */
export type Plain<Body> = Body extends object ? { [Field in keyof Body]: Plain<Body[Field]> } : Body;

/** `<prefix>-` and eight hex digits: unique per call, so test files and runs never share streams. */
const uniqueId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A realistic NMC traction pack (~64 kWh, ~410 kg). */
export const aRegistration = (overrides: Partial<RegisterBatteryBody> = {}): Plain<RegisterBatteryBody> => ({
  batteryId: uniqueId('BAT'),
  level: 'pack',
  category: 'ev',
  chemistry: 'NMC',
  manufacturer: 'Hyundai Mobis',
  model: 'IONIQ 5 Long Range pack',
  manufacturingDate: '2021-03-15',
  massKg: 410,
  ratedCapacityAh: 180,
  ratedEnergyKWh: 64,
  nominalVoltageV: 355,
  materials: { lithiumKg: 6.2, cobaltKg: 4.1, nickelKg: 24.5, manganeseKg: 4.3, copperKg: 18, aluminiumKg: 95, graphiteKg: 48 },
  ...overrides,
});

/** An economic operator with every identifier a passport may carry (their checks hold) and a full address. */
export const anOrganisation = (overrides: Partial<RegisterOrganisationBody> = {}): Plain<RegisterOrganisationBody> => ({
  organisationId: uniqueId('ORG'),
  name: 'Hyundai Mobis Co., Ltd.',
  country: 'KR',
  identifiers: { bpnl: 'BPNL00000003AYRE', lei: '5493001KJTIIGC8Y1R12', krBusinessNumber: '1248100998' },
  address: { street: '203 Teheran-ro', postalCode: '06141', city: 'Seoul' },
  ...overrides,
});

/** A centre with a standard zone of two places and an isolation zone of one. */
export const aSite = (overrides: Partial<CreateSiteBody> = {}): Plain<CreateSiteBody> => ({
  siteId: uniqueId('SITE'),
  name: 'Ulsan evaluation and storage centre',
  zones: [
    { zone: 'Z-A', kind: 'standard', capacity: 2 },
    { zone: 'Z-ISO', kind: 'isolation', capacity: 1 },
  ],
  ...overrides,
});

export const aReceipt = (siteId: string, overrides: Partial<ReceiveBatteryBody> = {}): Plain<ReceiveBatteryBody> => ({
  siteId,
  source: 'dealer',
  hazardClass: 'intact',
  stateOfChargePct: 45,
  ...overrides,
});

/** A full-capacity test of a healthy pack: grade A under the default policy. */
export const anEvaluation = (overrides: Partial<EvaluateBatteryBody> = {}): Plain<EvaluateBatteryBody> => ({
  method: 'full-capacity-test',
  stateOfHealthPct: 86.4,
  remainingCapacityAh: 155.5,
  remainingEnergyKWh: 55.3,
  visualInspection: 'pass',
  ...overrides,
});

export const aStorage = (
  siteId: string,
  zone: string,
  slot: string,
  overrides: Partial<StoreBatteryBody> = {},
): Plain<StoreBatteryBody> => ({
  siteId,
  zone,
  slot,
  ...overrides,
});

export const aRelease = (overrides: Partial<ReleaseBatteryFromStorageBody> = {}): Plain<ReleaseBatteryFromStorageBody> => ({
  reason: 'picked',
  ...overrides,
});

/** A passing diagnosis: with a passing evaluation, the battery can be certified. */
export const aDiagnosis = (overrides: Partial<DiagnoseBatteryBody> = {}): Plain<DiagnoseBatteryBody> => ({
  tests: [{ name: 'insulation', result: 'pass', value: 550, unit: 'MΩ' }],
  verdict: 'pass',
  standard: 'UL 1974',
  ...overrides,
});

export const aCertificateRequest = (overrides: Partial<IssueReuseCertificateBody> = {}): Plain<IssueReuseCertificateBody> => ({
  applications: ['ess'],
  ...overrides,
});

export const aSecondLife = (overrides: Partial<RecordSecondLifeBody> = {}): Plain<RecordSecondLifeBody> => ({
  kind: 're-used',
  application: 'ess',
  operatorName: 'GridCell',
  ...overrides,
});

export const aHandOver = (overrides: Partial<HandOverForRecyclingBody> = {}): Plain<HandOverForRecyclingBody> => ({
  recycler: 'SungEel HiTech',
  ...overrides,
});

export const aRecyclingOutcome = (overrides: Partial<RecordRecyclingOutcomeBody> = {}): Plain<RecordRecyclingOutcomeBody> => ({
  process: 'hydrometallurgy',
  inputMassKg: 400,
  recovered: { lithiumKg: 3, cobaltKg: 3.8, nickelKg: 22 },
  ...overrides,
});

export const aTransfer = (overrides: Partial<TransferBatteryBody> = {}): Plain<TransferBatteryBody> => ({
  toOrganisationId: 'ca-recycler',
  reason: 'sold to a Canadian partner',
  ...overrides,
});

/**
 * The manufacturer's passport to attach. No default document: a valid one is a published sample
 * (shared/schemas), which the caller reads, so the kit holds no copy that could drift from it.
 */
export const aPassportSource = (
  document: AttachPassportSourceBody['document'],
  overrides: Partial<AttachPassportSourceBody> = {},
): Plain<AttachPassportSourceBody> => ({
  format: 'catenax-6.1.0',
  document,
  ...overrides,
});
