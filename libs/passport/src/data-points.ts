import type { Chemistry, PassportStatus } from '#libs/lifecycle';
import { batteryPassIdentifier } from './passport-identity.js';
import type { PassportSubject } from './passport-subject.js';
import type { Tier } from './tiers.js';

/** A data point's value for one battery; `at` is when it was measured or recorded. */
export interface PointValue {
  value: unknown;
  at?: string;
}

/** Where a data point goes in a standard format; `convert` undefined means "as is". */
export interface FieldWrite {
  path: string;
  convert?: (point: PointValue, subject: PassportSubject) => unknown;
  /** Only then written at all (otherwise an attached source keeps its value). */
  when?: (subject: PassportSubject) => boolean;
}

export interface DataPoint {
  section: string;
  name: string;
  tier: Tier;
  /** The Annex XIII point (or the label requirement) it answers. */
  annex: string;
  /**
   * Measured per battery by this centre: it overrides an attached source, and a value that can't
   * be written removes the source's stale one. Static points only fill what the source lacks.
   */
  dynamic: boolean;
  read(subject: PassportSubject): PointValue | undefined;
  catenax: FieldWrite[];
  batterypass: FieldWrite[];
}

const value = (v: unknown, at?: string): PointValue | undefined =>
  v === undefined || v === null ? undefined : at === undefined ? { value: v } : { value: v, at };
const date = (iso: string) => iso.slice(0, 10);
/** xsd:dateTime as both models write it; a calendar date is that day's UTC midnight. */
const dateTime = (isoOrDate: string) => (isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate);

/** Catena-X dynamic values are `{value, time}`. */
const cxTimed: FieldWrite['convert'] = (point) => ({ value: point.value, time: point.at });
/** BatteryPass names each value field after its entity (typos included: `remainingEnergyalue`). */
const bpTimed =
  (key: string): FieldWrite['convert'] =>
  (point) => ({ [key]: point.value, lastUpdate: point.at });

const CATENAX_CATEGORY: Record<string, string> = { ev: 'EV', lmt: 'LMT', industrial: 'industrial', stationary: 'industrial' };
const CHEMISTRY_NAMES: Partial<Record<Chemistry, string>> = {
  NMC: 'Lithium Nickel Manganese Cobalt Oxide (NMC)',
  NCA: 'Lithium Nickel Cobalt Aluminium Oxide (NCA)',
  LFP: 'Lithium Iron Phosphate (LFP)',
  LMO: 'Lithium Manganese Oxide (LMO)',
  LTO: 'Lithium Titanate (LTO)',
};
const BATTERYPASS_STATUS: Record<PassportStatus, string> = {
  original: 'Original',
  're-used': 'Reused',
  repurposed: 'Repurposed',
  remanufactured: 'Remanufactured',
  waste: 'Waste',
};

const chemistryName: FieldWrite['convert'] = (point) => CHEMISTRY_NAMES[point.value as Chemistry];
/** Responsibility has passed from the manufacturer, or an organisation gives the operator's identity. */
const operatorKnownOrChanged = (s: PassportSubject) =>
  s.economicOperator.role !== 'manufacturer' || s.economicOperator.organisationId !== undefined;
const latestEvaluation = (s: PassportSubject) => s.facts.battery.latestEvaluation;
const secondLives = (s: PassportSubject) => s.facts.passports.filter((opened) => opened.cause !== 'registration');

/** BatteryPass operatorInformation needs a name, an identifier and a full postal address. */
function batteryPassOperator(point: PointValue): unknown {
  const operator = point.value as PassportSubject['economicOperator'];
  const identifier = operator.identifiers && Object.values(operator.identifiers).find((id) => id !== undefined);
  const { address } = operator;
  if (!identifier || !address?.postalCode || !address.street) return undefined;
  return {
    contactName: operator.name,
    identifier,
    postalAddress: { addressCountry: address.country, postalCode: address.postalCode, streetAddress: address.street },
  };
}

/** Catena-X resistance is per level, in ohm; ours is measured on the battery as registered, in mΩ. */
const resistanceAt = (level: 'pack' | 'module' | 'cell'): FieldWrite => ({
  path: `performance.dynamic.resistance.remaining.${level}`,
  when: (s) => s.facts.battery.level === level,
  convert: (point) => ({ value: (point.value as number) / 1000, time: point.at }),
});

/**
 * Every data point of the passport: its tier, where each format carries it, and how it is read
 * from the battery's history. docs/passport.md shows this table; a test holds the two equal.
 */
export const DATA_POINTS: readonly DataPoint[] = [
  // Passport identity and responsibility (Art. 77).
  {
    section: 'passport',
    name: 'passportId',
    tier: 'public',
    annex: 'Art. 77(3)',
    dynamic: true,
    read: (s) => value(s.passportId, s.facts.passports.at(-1)!.openedAt),
    catenax: [{ path: 'metadata.passportIdentifier' }, { path: 'metadata.issueDate', convert: (p) => date(p.at!) }],
    batterypass: [
      { path: 'GeneralProductInformation.batteryPassportIdentifier', convert: (p) => batteryPassIdentifier(p.value as string) },
    ],
  },
  {
    section: 'passport',
    name: 'predecessorPassportIds',
    tier: 'public',
    annex: 'Art. 77(7)',
    dynamic: true,
    read: (s) => (s.predecessorPassportIds.length > 0 ? value(s.predecessorPassportIds) : undefined),
    catenax: [{ path: 'metadata.predecessor', convert: (p) => (p.value as string[])[0] }],
    batterypass: [],
  },
  {
    section: 'passport',
    name: 'lastModifiedAt',
    tier: 'public',
    annex: 'Art. 77',
    dynamic: true,
    read: (s) => value(s.facts.lastEventAt),
    catenax: [{ path: 'metadata.lastModification', convert: (p) => date(p.value as string) }],
    batterypass: [],
  },
  {
    section: 'passport',
    name: 'economicOperator',
    tier: 'public',
    annex: 'XIII 1(a), Art. 77(7)',
    dynamic: true,
    read: (s) => value(s.economicOperator),
    catenax: [
      {
        path: 'metadata.economicOperatorId',
        when: operatorKnownOrChanged,
        convert: (p) => (p.value as PassportSubject['economicOperator']).identifiers?.bpnl,
      },
    ],
    batterypass: [{ path: 'GeneralProductInformation.operatorInformation', when: operatorKnownOrChanged, convert: batteryPassOperator }],
  },
  {
    section: 'passport',
    name: 'placedOnMarketAgainAt',
    tier: 'public',
    annex: 'Art. 77(7)',
    dynamic: true,
    read: (s) => (s.sequence > 0 ? value(s.facts.passports.at(-1)!.openedAt) : undefined),
    catenax: [{ path: 'commercial.placedOnMarket', convert: (p) => date(p.value as string) }],
    batterypass: [{ path: 'GeneralProductInformation.puttingIntoService', convert: (p) => dateTime(p.value as string) }],
  },
  // Model-level identification (Annex XIII point 1, the label of Annex VI).
  {
    section: 'identification',
    name: 'category',
    tier: 'public',
    annex: 'XIII 1(a)',
    dynamic: false,
    read: (s) => value(s.facts.battery.category),
    catenax: [{ path: 'identification.category', convert: (p) => CATENAX_CATEGORY[p.value as string] }],
    batterypass: [{ path: 'GeneralProductInformation.batteryCategory' }],
  },
  {
    section: 'identification',
    name: 'chemistry',
    tier: 'public',
    annex: 'XIII 1(b)',
    dynamic: false,
    read: (s) => value(s.facts.battery.chemistry),
    catenax: [{ path: 'identification.chemistry', convert: chemistryName }],
    batterypass: [
      { path: 'MaterialComposition.batteryChemistry.shortName', when: (s) => s.facts.battery.chemistry !== 'other' },
      { path: 'MaterialComposition.batteryChemistry.clearName', convert: chemistryName },
    ],
  },
  {
    section: 'identification',
    name: 'level',
    tier: 'public',
    annex: 'XIII 1(a)',
    dynamic: false,
    read: (s) => value(s.facts.battery.level),
    catenax: [],
    batterypass: [],
  },
  {
    section: 'identification',
    name: 'manufacturer',
    tier: 'public',
    annex: 'XIII 1(a)',
    dynamic: false,
    read: (s) => value(s.facts.battery.manufacturer),
    catenax: [],
    batterypass: [],
  },
  {
    section: 'identification',
    name: 'model',
    tier: 'public',
    annex: 'XIII 1(a)',
    dynamic: false,
    read: (s) => value(s.facts.battery.model),
    catenax: [{ path: 'identification.identification.type.nameAtManufacturer' }],
    batterypass: [{ path: 'GeneralProductInformation.productIdentifier' }],
  },
  {
    section: 'identification',
    name: 'manufacturingDate',
    tier: 'public',
    annex: 'XIII 1(a)',
    dynamic: false,
    read: (s) => value(s.facts.battery.manufacturingDate),
    catenax: [{ path: 'operation.manufacturer.manufacturingDate' }],
    batterypass: [{ path: 'GeneralProductInformation.manufacturingDate', convert: (p) => dateTime(p.value as string) }],
  },
  {
    section: 'identification',
    name: 'manufacturingPlace',
    tier: 'public',
    annex: 'XIII 1(a)',
    dynamic: false,
    read: (s) => value(s.facts.battery.manufacturingPlace),
    catenax: [],
    batterypass: [],
  },
  {
    section: 'identification',
    name: 'massKg',
    tier: 'public',
    annex: 'XIII 1(a)',
    dynamic: false,
    read: (s) => value(s.facts.battery.massKg),
    catenax: [{ path: 'characteristics.physicalDimension.weight', convert: (p) => ({ value: p.value, unit: 'unit:kilogram' }) }],
    batterypass: [{ path: 'GeneralProductInformation.batteryMass' }],
  },
  {
    section: 'identification',
    name: 'serialNumber',
    tier: 'legitimate-interest',
    annex: 'XIII 2',
    dynamic: false,
    read: (s) => value(s.facts.battery.serialNumber),
    catenax: [],
    batterypass: [],
  },
  {
    section: 'identification',
    name: 'parentBatteryId',
    tier: 'legitimate-interest',
    annex: 'XIII 2',
    dynamic: false,
    read: (s) => value(s.facts.battery.parentBatteryId),
    catenax: [],
    batterypass: [],
  },
  // Rated performance (point 1).
  {
    section: 'performance',
    name: 'ratedCapacityAh',
    tier: 'public',
    annex: 'XIII 1(g)',
    dynamic: false,
    read: (s) => value(s.facts.battery.ratedCapacityAh),
    catenax: [{ path: 'performance.rated.capacity.value' }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryTechicalProperties.ratedCapacity' }],
  },
  {
    section: 'performance',
    name: 'ratedEnergyKWh',
    tier: 'public',
    annex: 'XIII 1(g)',
    dynamic: false,
    read: (s) => value(s.facts.battery.ratedEnergyKWh),
    catenax: [{ path: 'performance.rated.energy.value' }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryTechicalProperties.ratedEnergy' }],
  },
  {
    section: 'performance',
    name: 'nominalVoltageV',
    tier: 'public',
    annex: 'XIII 1(g)',
    dynamic: false,
    read: (s) => value(s.facts.battery.nominalVoltageV),
    catenax: [{ path: 'performance.rated.voltage.nominal' }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryTechicalProperties.nominalVoltage' }],
  },
  // Detailed composition (point 2).
  {
    section: 'composition',
    name: 'materials',
    tier: 'legitimate-interest',
    annex: 'XIII 2(a)',
    dynamic: false,
    read: (s) => (Object.keys(s.facts.battery.materials).length > 0 ? value(s.facts.battery.materials) : undefined),
    catenax: [],
    batterypass: [],
  },
  // This battery's condition (point 4): never public.
  {
    section: 'condition',
    name: 'status',
    tier: 'legitimate-interest',
    annex: 'XIII 4(c)',
    dynamic: true,
    read: (s) => value(s.facts.battery.status),
    catenax: [{ path: 'sustainability.status' }],
    batterypass: [{ path: 'GeneralProductInformation.batteryStatus', convert: (p) => BATTERYPASS_STATUS[p.value as PassportStatus] }],
  },
  {
    section: 'condition',
    name: 'stateOfHealthPct',
    tier: 'legitimate-interest',
    annex: 'XIII 4(a)',
    dynamic: true,
    read: (s) => value(latestEvaluation(s)?.stateOfHealthPct, latestEvaluation(s)?.occurredAt),
    catenax: [],
    batterypass: [],
  },
  {
    section: 'condition',
    name: 'capacityFadePct',
    tier: 'legitimate-interest',
    annex: 'XIII 4(a)',
    dynamic: true,
    read: (s) => {
      const evaluation = latestEvaluation(s);
      return evaluation ? value(Math.round((100 - evaluation.stateOfHealthPct) * 100) / 100, evaluation.occurredAt) : undefined;
    },
    catenax: [{ path: 'performance.dynamic.capacity.fade', convert: cxTimed }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryCondition.capacityFade', convert: bpTimed('capacityFadeValue') }],
  },
  {
    section: 'condition',
    name: 'remainingCapacityAh',
    tier: 'legitimate-interest',
    annex: 'XIII 4(a)',
    dynamic: true,
    read: (s) => value(latestEvaluation(s)?.remainingCapacityAh, latestEvaluation(s)?.occurredAt),
    catenax: [{ path: 'performance.dynamic.capacity.capacity', convert: cxTimed }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryCondition.remainingCapacity', convert: bpTimed('remainingCapacityValue') }],
  },
  {
    section: 'condition',
    name: 'remainingEnergyKWh',
    tier: 'legitimate-interest',
    annex: 'XIII 4(a)',
    dynamic: true,
    read: (s) => value(latestEvaluation(s)?.remainingEnergyKWh, latestEvaluation(s)?.occurredAt),
    catenax: [{ path: 'performance.dynamic.energy.remaining', convert: cxTimed }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryCondition.remainingEnergy', convert: bpTimed('remainingEnergyalue') }],
  },
  {
    section: 'condition',
    name: 'internalResistanceMOhm',
    tier: 'legitimate-interest',
    annex: 'XIII 4(b)',
    dynamic: true,
    read: (s) => value(latestEvaluation(s)?.internalResistanceMOhm, latestEvaluation(s)?.occurredAt),
    catenax: [resistanceAt('pack'), resistanceAt('module'), resistanceAt('cell')],
    batterypass: [],
  },
  {
    section: 'condition',
    name: 'selfDischargePctPerMonth',
    tier: 'legitimate-interest',
    annex: 'XIII 4(b)',
    dynamic: true,
    read: (s) => value(latestEvaluation(s)?.selfDischargePctPerMonth, latestEvaluation(s)?.occurredAt),
    catenax: [{ path: 'performance.dynamic.selfDischargingRate', convert: (p) => p.value }],
    batterypass: [
      {
        path: 'PerformanceAndDurability.batteryCondition.currentSelfDischargingRate',
        convert: bpTimed('currentSelfDischargingRateEntity'),
      },
    ],
  },
  {
    section: 'condition',
    name: 'stateOfChargePct',
    tier: 'legitimate-interest',
    annex: 'XIII 4(d)',
    dynamic: true,
    read: (s) => value(s.facts.stateOfCharge?.value, s.facts.stateOfCharge?.at),
    catenax: [{ path: 'performance.dynamic.stateOfCharge', convert: cxTimed }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryCondition.stateOfCharge', convert: bpTimed('stateOfChargeValue') }],
  },
  {
    section: 'condition',
    name: 'numberOfFullCycles',
    tier: 'legitimate-interest',
    annex: 'XIII 4(d)',
    dynamic: true,
    read: (s) => value(s.facts.fullCycles?.value, s.facts.fullCycles?.at),
    catenax: [{ path: 'performance.dynamic.fullCycles', convert: cxTimed }],
    batterypass: [{ path: 'PerformanceAndDurability.batteryCondition.numberOfFullCycles', convert: bpTimed('numberOfFullCyclesValue') }],
  },
  {
    section: 'condition',
    name: 'negativeEvents',
    tier: 'legitimate-interest',
    annex: 'XIII 4(d)',
    dynamic: true,
    read: (s) => (s.facts.negativeEvents.length > 0 ? value(s.facts.negativeEvents.map((e) => ({ event: e.value, at: e.at }))) : undefined),
    catenax: [
      {
        path: 'performance.dynamic.negativeEvents',
        convert: (p) =>
          (p.value as { event: string; at: string }[]).map((e) => ({
            header: `Negative event recorded ${e.at}`,
            contentType: 'text/plain',
            content: e.event,
          })),
      },
    ],
    batterypass: [
      {
        path: 'PerformanceAndDurability.batteryCondition.negativeEvents',
        convert: (p) => (p.value as { event: string; at: string }[]).map((e) => ({ negativeEvent: e.event, lastUpdate: e.at })),
      },
    ],
  },
  {
    section: 'condition',
    name: 'hazardClass',
    tier: 'legitimate-interest',
    annex: 'XIII 4(d)',
    dynamic: true,
    read: (s) => value(s.facts.battery.hazardClass),
    catenax: [],
    batterypass: [],
  },
  {
    section: 'condition',
    name: 'grade',
    tier: 'legitimate-interest',
    annex: 'XIII 4(a)',
    dynamic: true,
    read: (s) => value(latestEvaluation(s)?.grade, latestEvaluation(s)?.occurredAt),
    catenax: [],
    batterypass: [],
  },
  // Second life and end of life of this battery (point 4).
  {
    section: 'secondLife',
    name: 'history',
    tier: 'legitimate-interest',
    annex: 'XIII 4(c)',
    dynamic: true,
    read: (s) =>
      secondLives(s).length > 0
        ? value(
            secondLives(s).map(({ cause, openedAt, operatorName, successorBatteryId }) => ({
              kind: cause,
              at: openedAt,
              operatorName,
              successorBatteryId,
            })),
          )
        : undefined,
    catenax: [],
    batterypass: [],
  },
  {
    section: 'secondLife',
    name: 'certificates',
    tier: 'legitimate-interest',
    annex: 'XIII 4(c)',
    dynamic: true,
    read: (s) =>
      s.facts.battery.certificates.length > 0
        ? value(
            s.facts.battery.certificates.map(({ certificateId, applications, issuedAt, validUntil, revocation }) => ({
              certificateId,
              applications,
              issuedAt,
              validUntil,
              revoked: revocation !== null,
            })),
          )
        : undefined,
    catenax: [],
    batterypass: [],
  },
  {
    section: 'endOfLife',
    name: 'handOver',
    tier: 'legitimate-interest',
    annex: 'XIII 4(c)',
    dynamic: true,
    read: (s) => (s.facts.battery.handOver ? value(s.facts.battery.handOver) : undefined),
    catenax: [],
    batterypass: [],
  },
  // Test reports and diagnosis details (point 3): notified bodies and market surveillance only.
  {
    section: 'testReports',
    name: 'evaluation',
    tier: 'authority',
    annex: 'XIII 3',
    dynamic: true,
    read: (s) => {
      const evaluation = latestEvaluation(s);
      if (!evaluation) return undefined;
      const { method, visualInspection, insulationResistanceMOhm, cellVoltageSpreadMV, thresholds, disqualifiers, revision } = evaluation;
      return value(
        { method, visualInspection, insulationResistanceMOhm, cellVoltageSpreadMV, thresholds, disqualifiers, revision },
        evaluation.occurredAt,
      );
    },
    catenax: [],
    batterypass: [],
  },
  {
    section: 'testReports',
    name: 'diagnosis',
    tier: 'authority',
    annex: 'XIII 3',
    dynamic: true,
    read: (s) => {
      const diagnosis = s.facts.battery.latestDiagnosis;
      if (!diagnosis) return undefined;
      const { tests, verdict, standard, revision } = diagnosis;
      return value({ tests, verdict, standard, revision }, diagnosis.occurredAt);
    },
    catenax: [],
    batterypass: [],
  },
];

export const dataPointKey = (point: Pick<DataPoint, 'section' | 'name'>) => `${point.section}.${point.name}`;
