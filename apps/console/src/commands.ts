import {
  APPLICATIONS,
  CATEGORIES,
  CHEMISTRIES,
  DIAGNOSIS_TEST_NAMES,
  EVALUATION_METHODS,
  GRADES,
  HAZARD_CLASSES,
  LEVELS,
  MATERIAL_FIELDS,
  PASS_FAIL,
  PASSPORT_STATUSES,
  RECEIPT_SOURCES,
  RECYCLING_PROCESSES,
  SECOND_LIFE_KINDS,
  STAGES,
  ZONE_KINDS,
} from '../../../libs/lifecycle/src/value-sets';
import type { Role } from './session';

/** The contract's value sets, from the domain's own (a pure module, bundled as is); labels come from i18n. */
export const VALUES = {
  level: LEVELS,
  category: CATEGORIES,
  chemistry: CHEMISTRIES,
  source: RECEIPT_SOURCES,
  hazardClass: HAZARD_CLASSES,
  method: EVALUATION_METHODS,
  passFail: PASS_FAIL,
  testName: DIAGNOSIS_TEST_NAMES,
  grade: GRADES,
  application: APPLICATIONS,
  kind: SECOND_LIFE_KINDS,
  process: RECYCLING_PROCESSES,
  status: PASSPORT_STATUSES,
  stage: STAGES,
  zoneKind: ZONE_KINDS,
  element: MATERIAL_FIELDS.map((field) => field.replace(/Kg$/, '')),
} as const;
export type ValueSet = keyof typeof VALUES;

export type FieldKind = 'text' | 'number' | 'select' | 'date' | 'datetime' | 'list' | 'checkboxes' | 'tests' | 'zones';

export interface FieldSpec {
  /** Dotted path in the body, as the contract's errors[].field names it. */
  name: string;
  kind: FieldKind;
  required?: boolean;
  values?: ValueSet;
  /** Offer the known sites (from the inventory view) as suggestions. */
  suggestSites?: boolean;
}

export type CommandId =
  'createSite' | 'register' | 'receive' | 'evaluate' | 'store' | 'release' | 'diagnose' | 'certify' | 'secondLife' | 'handOver' | 'outcome';

export interface CommandSpec {
  id: CommandId;
  roles: Role[];
  /** Commands on an existing battery are posted under its path. */
  path: (batteryId: string) => string;
  onBattery: boolean;
  fields: FieldSpec[];
}

const occurredAt: FieldSpec = { name: 'occurredAt', kind: 'datetime' };
const materials = VALUES.element.map((element): FieldSpec => ({ name: `materials.${element}Kg`, kind: 'number' }));
const on = (step: string) => (id: string) => `/batteries/${encodeURIComponent(id)}/${step}`;

export const COMMANDS: readonly CommandSpec[] = [
  {
    id: 'createSite',
    roles: ['operator'],
    path: () => '/sites',
    onBattery: false,
    fields: [
      { name: 'siteId', kind: 'text', required: true },
      { name: 'name', kind: 'text', required: true },
      { name: 'zones', kind: 'zones', required: true },
    ],
  },
  {
    id: 'register',
    roles: ['operator'],
    path: () => '/batteries',
    onBattery: false,
    fields: [
      { name: 'batteryId', kind: 'text', required: true },
      { name: 'level', kind: 'select', values: 'level', required: true },
      { name: 'category', kind: 'select', values: 'category', required: true },
      { name: 'chemistry', kind: 'select', values: 'chemistry', required: true },
      { name: 'manufacturer', kind: 'text', required: true },
      { name: 'model', kind: 'text', required: true },
      { name: 'manufacturingDate', kind: 'date', required: true },
      { name: 'massKg', kind: 'number', required: true },
      { name: 'ratedCapacityAh', kind: 'number', required: true },
      { name: 'ratedEnergyKWh', kind: 'number', required: true },
      { name: 'nominalVoltageV', kind: 'number', required: true },
      { name: 'serialNumber', kind: 'text' },
      { name: 'manufacturingPlace', kind: 'text' },
      { name: 'parentBatteryId', kind: 'text' },
      { name: 'predecessorIds', kind: 'list' },
      ...materials,
    ],
  },
  {
    id: 'receive',
    roles: ['operator'],
    path: on('receipts'),
    onBattery: true,
    fields: [
      { name: 'siteId', kind: 'text', required: true, suggestSites: true },
      { name: 'source', kind: 'select', values: 'source', required: true },
      { name: 'hazardClass', kind: 'select', values: 'hazardClass', required: true },
      { name: 'stateOfChargePct', kind: 'number' },
      occurredAt,
      { name: 'notes', kind: 'text' },
    ],
  },
  {
    id: 'evaluate',
    roles: ['evaluator'],
    path: on('evaluations'),
    onBattery: true,
    fields: [
      { name: 'method', kind: 'select', values: 'method', required: true },
      { name: 'stateOfHealthPct', kind: 'number', required: true },
      { name: 'remainingCapacityAh', kind: 'number', required: true },
      { name: 'visualInspection', kind: 'select', values: 'passFail', required: true },
      { name: 'remainingEnergyKWh', kind: 'number' },
      { name: 'internalResistanceMOhm', kind: 'number' },
      { name: 'selfDischargePctPerMonth', kind: 'number' },
      { name: 'cellVoltageSpreadMV', kind: 'number' },
      { name: 'insulationResistanceMOhm', kind: 'number' },
      { name: 'numberOfFullCycles', kind: 'number' },
      { name: 'negativeEvents', kind: 'list' },
      occurredAt,
    ],
  },
  {
    // The zone and slot fields are offered from the site's free slots (StorageSlotPicker).
    id: 'store',
    roles: ['operator'],
    path: on('storage'),
    onBattery: true,
    fields: [
      { name: 'siteId', kind: 'text', required: true, suggestSites: true },
      { name: 'zone', kind: 'text', required: true },
      { name: 'slot', kind: 'text', required: true },
      { name: 'stateOfChargePct', kind: 'number' },
      occurredAt,
    ],
  },
  {
    id: 'release',
    roles: ['operator'],
    path: on('storage/release'),
    onBattery: true,
    fields: [{ name: 'reason', kind: 'text', required: true }, occurredAt],
  },
  {
    id: 'diagnose',
    roles: ['evaluator'],
    path: on('diagnoses'),
    onBattery: true,
    fields: [
      { name: 'tests', kind: 'tests', required: true },
      { name: 'verdict', kind: 'select', values: 'passFail', required: true },
      { name: 'standard', kind: 'text' },
      occurredAt,
    ],
  },
  {
    id: 'certify',
    roles: ['certifier'],
    path: on('certificates'),
    onBattery: true,
    fields: [
      { name: 'applications', kind: 'checkboxes', values: 'application', required: true },
      { name: 'validMonths', kind: 'number' },
      { name: 'standard', kind: 'text' },
    ],
  },
  {
    id: 'secondLife',
    roles: ['operator'],
    path: on('second-life'),
    onBattery: true,
    fields: [
      { name: 'kind', kind: 'select', values: 'kind', required: true },
      { name: 'application', kind: 'select', values: 'application', required: true },
      { name: 'operatorName', kind: 'text', required: true },
      { name: 'successorBatteryId', kind: 'text' },
      occurredAt,
    ],
  },
  {
    id: 'handOver',
    roles: ['operator', 'recycler'],
    path: on('recycling'),
    onBattery: true,
    fields: [{ name: 'recycler', kind: 'text', required: true }, { name: 'reason', kind: 'text' }, occurredAt],
  },
  {
    id: 'outcome',
    roles: ['recycler'],
    path: on('recycling/outcome'),
    onBattery: true,
    fields: [
      { name: 'process', kind: 'select', values: 'process', required: true },
      { name: 'inputMassKg', kind: 'number', required: true },
      ...VALUES.element.map((element): FieldSpec => ({ name: `recovered.${element}Kg`, kind: 'number' })),
      { name: 'blackMassKg', kind: 'number' },
      occurredAt,
    ],
  },
];

export interface TestRow {
  name: string;
  result: string;
  value: string;
  unit: string;
}
export interface ZoneRow {
  zone: string;
  kind: string;
  capacity: string;
}
export type FormValue = string | string[] | TestRow[] | ZoneRow[];
export type FormValues = Record<string, FormValue>;

/**
 * A number field that does not parse is sent as typed: the server refuses it at its field (the
 * contract takes no coerced strings), so the person sees the server's own reason there.
 */
const numeric = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    target[head!] = value;
    return;
  }
  const child = (target[head!] ??= {}) as Record<string, unknown>;
  setPath(child, rest.join('.'), value);
}

/** The request body: empty optional fields are left out, as the contract's defaults apply then. */
export function buildBody(spec: CommandSpec, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = values[field.name];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0 && !field.required)) continue;
    setPath(body, field.name, encode(field, value));
  }
  return body;
}

function encode(field: FieldSpec, value: FormValue): unknown {
  switch (field.kind) {
    case 'number':
      return numeric(value as string);
    case 'datetime':
      return new Date(value as string).toISOString();
    case 'list':
      return (value as string)
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    case 'tests':
      return (value as TestRow[]).map((row) => ({
        name: row.name,
        result: row.result,
        ...(row.value.trim() === '' ? {} : { value: numeric(row.value) }),
        ...(row.unit.trim() === '' ? {} : { unit: row.unit }),
      }));
    case 'zones':
      return (value as ZoneRow[]).map((row) => ({ zone: row.zone, kind: row.kind, capacity: numeric(row.capacity) }));
    default:
      return value;
  }
}
