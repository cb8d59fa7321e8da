import type {
  AttachPassportSource,
  DiagnoseBattery,
  EvaluateBattery,
  HandOverForRecycling,
  ImportBattery,
  IssueReuseCertificate,
  ReceiveBattery,
  RecordRecyclingOutcome,
  RecordSecondLife,
  RegisterBattery,
  ReleaseBatteryFromStorage,
  RevokeReuseCertificate,
  StoreBattery,
  TransferBattery,
} from './battery-commands.js';
import type { DecisionContext } from './decision-context.js';
import { InvalidCommand } from './errors.js';
import { FieldErrors } from './field-errors.js';
import { isCalendarDate } from './time.js';
import { LIMITS } from './limits.js';
import { MATERIAL_FIELDS, type Materials } from './value-sets.js';

/*
 * Content checks that hold whatever the battery's state (HTTP 400). They come before any lookup,
 * as the contract ranks body errors above 404 and 409. Types and value sets are the HTTP DTOs'
 * job; these are the domain's ranges and cross-field rules. Each returns the `occurredAt` the
 * event records.
 */

export function validateRegistration(command: RegisterBattery, now: string): string {
  const fields = new FieldErrors();
  fields.id('batteryId', command.batteryId);
  fields.text('manufacturer', command.manufacturer);
  fields.text('model', command.model);
  if (!isCalendarDate(command.manufacturingDate)) fields.add('manufacturingDate', 'must be a date YYYY-MM-DD');
  else if (command.manufacturingDate > now.slice(0, 10)) fields.add('manufacturingDate', 'must not be in the future');
  fields.within('massKg', command.massKg, LIMITS.massKg);
  fields.within('ratedCapacityAh', command.ratedCapacityAh, LIMITS.ratedCapacityAh);
  fields.within('ratedEnergyKWh', command.ratedEnergyKWh, LIMITS.ratedEnergyKWh);
  fields.within('nominalVoltageV', command.nominalVoltageV, LIMITS.nominalVoltageV);
  fields.id('parentBatteryId', command.parentBatteryId);
  fields.id('manufacturerOrganisationId', command.manufacturerOrganisationId);
  if (command.parentBatteryId === command.batteryId) fields.add('parentBatteryId', 'must not be the battery itself');
  command.predecessorIds?.forEach((id, index) => {
    fields.id(`predecessorIds.${index}`, id);
    if (id === command.batteryId) fields.add(`predecessorIds.${index}`, 'must not be the battery itself');
  });
  fields.unique('predecessorIds', command.predecessorIds);
  materialMasses(fields, 'materials', command.materials, { max: command.massKg, of: 'massKg' });
  fields.throwIfAny();
  return now;
}

export function validateReceipt(command: ReceiveBattery, now: string): string {
  const fields = new FieldErrors();
  fields.id('siteId', command.siteId);
  fields.within('stateOfChargePct', command.stateOfChargePct, LIMITS.stateOfChargePct);
  return finish(fields, command.occurredAt, now);
}

const EVALUATION_MEASURES = [
  'stateOfHealthPct',
  'remainingCapacityAh',
  'remainingEnergyKWh',
  'internalResistanceMOhm',
  'selfDischargePctPerMonth',
  'cellVoltageSpreadMV',
  'insulationResistanceMOhm',
  'numberOfFullCycles',
] as const;

export function validateEvaluation(command: EvaluateBattery, now: string): string {
  const fields = new FieldErrors();
  for (const field of EVALUATION_MEASURES) fields.within(field, command[field], LIMITS[field]);
  command.negativeEvents?.forEach((text, index) => fields.text(`negativeEvents.${index}`, text));
  return finish(fields, command.occurredAt, now);
}

export function validateStorage(command: StoreBattery, now: string): string {
  const fields = new FieldErrors();
  fields.id('siteId', command.siteId);
  fields.id('zone', command.zone);
  fields.id('slot', command.slot);
  fields.within('stateOfChargePct', command.stateOfChargePct, LIMITS.stateOfChargePct);
  return finish(fields, command.occurredAt, now);
}

export function validateRelease(command: ReleaseBatteryFromStorage, now: string): string {
  const fields = new FieldErrors();
  fields.text('reason', command.reason);
  return finish(fields, command.occurredAt, now);
}

export function validateDiagnosis(command: DiagnoseBattery, now: string): string {
  const fields = new FieldErrors();
  if (command.tests.length === 0) fields.add('tests', 'must list at least one test');
  command.tests.forEach((test, index) => {
    fields.within(`tests.${index}.value`, test.value, LIMITS.diagnosisTestValue);
    fields.text(`tests.${index}.unit`, test.unit);
  });
  if (command.verdict === 'pass' && command.tests.some((test) => test.result === 'fail')) {
    fields.add('verdict', 'cannot be pass when a test failed');
  }
  fields.text('standard', command.standard);
  return finish(fields, command.occurredAt, now);
}

export function validateCertificateIssue(command: IssueReuseCertificate, now: string): string {
  const fields = new FieldErrors();
  fields.id('certificateId', command.certificateId);
  if (command.applications.length === 0) fields.add('applications', 'must list at least one application');
  fields.unique('applications', command.applications);
  fields.within('validMonths', command.validMonths, LIMITS.validMonths);
  fields.text('standard', command.standard);
  return finish(fields, undefined, now);
}

export function validateRevocation(command: RevokeReuseCertificate, now: string): string {
  const fields = new FieldErrors();
  fields.id('certificateId', command.certificateId);
  fields.text('reason', command.reason);
  return finish(fields, undefined, now);
}

export function validateSecondLife(command: RecordSecondLife, now: string): string {
  const fields = new FieldErrors();
  fields.text('operatorName', command.operatorName);
  fields.id('operatorOrganisationId', command.operatorOrganisationId);
  const successor = command.successorBatteryId;
  if (command.kind === 're-used') {
    // A re-used battery keeps its identity; only a new battery can be a successor.
    if (successor !== undefined) fields.add('successorBatteryId', 'must be absent when kind is re-used');
  } else if (successor === undefined) {
    fields.add('successorBatteryId', `is required when kind is ${command.kind}`);
  } else {
    fields.id('successorBatteryId', successor);
    if (successor === command.batteryId) fields.add('successorBatteryId', 'must not be the battery itself');
  }
  return finish(fields, command.occurredAt, now);
}

export function validateHandOver(command: HandOverForRecycling, now: string): string {
  const fields = new FieldErrors();
  fields.text('recycler', command.recycler);
  fields.id('recyclerOrganisationId', command.recyclerOrganisationId);
  fields.text('reason', command.reason);
  return finish(fields, command.occurredAt, now);
}

export function validateRecyclingOutcome(command: RecordRecyclingOutcome, now: string): string {
  const fields = new FieldErrors();
  fields.within('inputMassKg', command.inputMassKg, LIMITS.inputMassKg);
  fields.within('blackMassKg', command.blackMassKg, { ...LIMITS.blackMassKg, max: Math.min(LIMITS.blackMassKg.max, command.inputMassKg) });
  materialMasses(fields, 'recovered', command.recovered, { max: command.inputMassKg, of: 'inputMassKg' });
  return finish(fields, command.occurredAt, now);
}

export function validateTransfer(command: TransferBattery, now: string): string {
  const fields = new FieldErrors();
  fields.id('toOrganisationId', command.toOrganisationId);
  fields.text('reason', command.reason);
  return finish(fields, command.occurredAt, now);
}

/** The bundle itself was verified by libs/transfers (422); here only what the decider relies on. */
export function validateImport(command: ImportBattery, now: string): string {
  const fields = new FieldErrors();
  fields.id('batteryId', command.batteryId);
  if (command.bundle.events.length === 0) fields.add('events', 'must hold the origin history');
  return finish(fields, undefined, now);
}

/** Each mass ≥ 0 and, together, no more than the mass they are part of. */
function materialMasses(fields: FieldErrors, field: string, materials: Materials | undefined, whole: { max: number; of: string }): void {
  if (materials === undefined) return;
  let sum = 0;
  for (const key of MATERIAL_FIELDS) {
    fields.within(`${field}.${key}`, materials[key], LIMITS.materialKg);
    sum += materials[key] ?? 0;
  }
  // Tolerance: 0.1 + 0.2 kg must not count as more than 0.3 kg.
  if (sum - whole.max > 1e-9 * Math.max(1, whole.max)) {
    fields.add(field, `summed (${sum} kg) must not exceed ${whole.of} (${whole.max} kg)`);
  }
}

function finish(fields: FieldErrors, occurredAt: string | undefined, now: string): string {
  const resolved = fields.occurredAt(occurredAt, now);
  fields.throwIfAny();
  return resolved;
}

/** The document against its format's schema (400 with each schema error's dotted path). */
export function validatePassportSource(command: AttachPassportSource, check: NonNullable<DecisionContext['checkPassportSource']>): void {
  const errors = check(command.format, command.document);
  if (errors.length > 0) throw new InvalidCommand(errors);
}
