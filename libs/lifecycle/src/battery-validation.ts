import type {
  DiagnoseBattery,
  EvaluateBattery,
  HandOverForRecycling,
  IssueReuseCertificate,
  ReceiveBattery,
  RecordRecyclingOutcome,
  RecordSecondLife,
  RegisterBattery,
  ReleaseBatteryFromStorage,
  RevokeReuseCertificate,
  StoreBattery,
} from './battery-commands.js';
import { FieldErrors } from './field-errors.js';
import { isCalendarDate } from './time.js';
import { CERTIFICATE_VALID_MONTHS, MATERIAL_FIELDS, type Materials } from './value-sets.js';

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
  fields.positive('massKg', command.massKg);
  fields.positive('ratedCapacityAh', command.ratedCapacityAh);
  fields.positive('ratedEnergyKWh', command.ratedEnergyKWh);
  fields.positive('nominalVoltageV', command.nominalVoltageV);
  fields.id('parentBatteryId', command.parentBatteryId);
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
  fields.range('stateOfChargePct', command.stateOfChargePct, 0, 100);
  return finish(fields, command.occurredAt, now);
}

export function validateEvaluation(command: EvaluateBattery, now: string): string {
  const fields = new FieldErrors();
  // Capped at 100: the views' state-of-health buckets end at 90–100.
  fields.range('stateOfHealthPct', command.stateOfHealthPct, 0, 100);
  fields.range('remainingCapacityAh', command.remainingCapacityAh, 0);
  fields.range('remainingEnergyKWh', command.remainingEnergyKWh, 0);
  fields.range('internalResistanceMOhm', command.internalResistanceMOhm, 0);
  fields.range('selfDischargePctPerMonth', command.selfDischargePctPerMonth, 0, 100);
  fields.range('cellVoltageSpreadMV', command.cellVoltageSpreadMV, 0);
  fields.range('insulationResistanceMOhm', command.insulationResistanceMOhm, 0);
  fields.integer('numberOfFullCycles', command.numberOfFullCycles, 0);
  command.negativeEvents?.forEach((text, index) => fields.text(`negativeEvents.${index}`, text));
  return finish(fields, command.occurredAt, now);
}

export function validateStorage(command: StoreBattery, now: string): string {
  const fields = new FieldErrors();
  fields.id('siteId', command.siteId);
  fields.id('zone', command.zone);
  fields.id('slot', command.slot);
  fields.range('stateOfChargePct', command.stateOfChargePct, 0, 100);
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
    fields.range(`tests.${index}.value`, test.value, -Infinity);
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
  fields.integer('validMonths', command.validMonths, CERTIFICATE_VALID_MONTHS.min, CERTIFICATE_VALID_MONTHS.max);
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
  fields.text('reason', command.reason);
  return finish(fields, command.occurredAt, now);
}

export function validateRecyclingOutcome(command: RecordRecyclingOutcome, now: string): string {
  const fields = new FieldErrors();
  fields.positive('inputMassKg', command.inputMassKg);
  fields.range('blackMassKg', command.blackMassKg, 0, command.inputMassKg);
  materialMasses(fields, 'recovered', command.recovered, { max: command.inputMassKg, of: 'inputMassKg' });
  return finish(fields, command.occurredAt, now);
}

/** Each mass ≥ 0 and, together, no more than the mass they are part of. */
function materialMasses(
  fields: FieldErrors,
  field: string,
  materials: Materials | undefined,
  whole: { max: number; of: string },
): void {
  if (materials === undefined) return;
  let sum = 0;
  for (const key of MATERIAL_FIELDS) {
    fields.range(`${field}.${key}`, materials[key], 0);
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
