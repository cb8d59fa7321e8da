import type {
  Application,
  BatteryCategory,
  BatteryLevel,
  CertificateDocument,
  CertificateIssuer,
  Chemistry,
  DiagnosisTest,
  EvaluationMethod,
  Grade,
  Verdict,
} from './certificate-document.js';

export interface CertificateBatteryInput {
  batteryId: string;
  model: string;
  manufacturer: string;
  chemistry: Chemistry;
  category: BatteryCategory;
  level: BatteryLevel;
  ratedCapacityAh: number;
  ratedEnergyKWh: number;
  nominalVoltageV: number;
  manufacturingDate?: string;
  serialNumber?: string;
}

export interface CertificateEvaluationInput {
  grade: Grade;
  stateOfHealthPct: number;
  method: EvaluationMethod;
  occurredAt: string;
  remainingCapacityAh: number;
  remainingEnergyKWh?: number;
  internalResistanceMOhm?: number;
}

export interface CertificateDiagnosisInput {
  verdict: Verdict;
  tests: readonly DiagnosisTest[];
  occurredAt: string;
  standard?: string;
}

/** Field names follow the battery read model, so its objects can be passed as they are. */
export interface BuildCertificateInput {
  certificateId: string;
  battery: CertificateBatteryInput;
  evaluation: CertificateEvaluationInput;
  diagnosis: CertificateDiagnosisInput;
  applications: readonly Application[];
  issuedAt: string | Date;
  /** As the issue decided it (the lifecycle's `reuseCertificateValidity`): the document states the event's dates. */
  validUntil: string | Date;
  issuer: CertificateIssuer;
  batteryRevision: number;
  historyHash: string;
}

/** JCS has no `undefined`: an absent optional field must be absent, not present-and-undefined. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function toInstant(value: string | Date, field: string): Date {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${field} is not a valid date: ${String(value)}`);
  return instant;
}

/**
 * Builds the document that gets signed. Fields are copied one by one rather than spread, so
 * whatever else the caller's read-model objects carry never slips into a signed certificate.
 */
export function buildCertificateDocument(input: BuildCertificateInput): CertificateDocument {
  if (input.applications.length === 0) throw new RangeError('a certificate must list at least one application');
  const issuedAt = toInstant(input.issuedAt, 'issuedAt');
  const validUntil = toInstant(input.validUntil, 'validUntil');
  if (validUntil <= issuedAt) throw new RangeError('validUntil must be after issuedAt');
  const { battery, evaluation, diagnosis } = input;

  return {
    certificateId: input.certificateId,
    batteryId: battery.batteryId,
    battery: withoutUndefined({
      model: battery.model,
      manufacturer: battery.manufacturer,
      chemistry: battery.chemistry,
      category: battery.category,
      level: battery.level,
      manufacturingDate: battery.manufacturingDate,
      serialNumber: battery.serialNumber,
      ratedCapacityAh: battery.ratedCapacityAh,
      ratedEnergyKWh: battery.ratedEnergyKWh,
      nominalVoltageV: battery.nominalVoltageV,
      remainingCapacityAh: evaluation.remainingCapacityAh,
      remainingEnergyKWh: evaluation.remainingEnergyKWh,
    }),
    evidence: withoutUndefined({
      grade: evaluation.grade,
      stateOfHealthPct: evaluation.stateOfHealthPct,
      evaluationMethod: evaluation.method,
      evaluatedAt: toInstant(evaluation.occurredAt, 'evaluation.occurredAt').toISOString(),
      internalResistanceMOhm: evaluation.internalResistanceMOhm,
      diagnosisVerdict: diagnosis.verdict,
      tests: diagnosis.tests.map((test) => withoutUndefined({ name: test.name, result: test.result, value: test.value, unit: test.unit })),
      diagnosedAt: toInstant(diagnosis.occurredAt, 'diagnosis.occurredAt').toISOString(),
      standard: diagnosis.standard,
    }),
    applications: [...input.applications],
    issuedAt: issuedAt.toISOString(),
    validUntil: validUntil.toISOString(),
    issuer: withoutUndefined({
      keyId: input.issuer.keyId,
      roles: input.issuer.roles && [...input.issuer.roles],
      name: input.issuer.name,
      organisationId: input.issuer.organisationId,
    }),
    batteryRevision: input.batteryRevision,
    historyHash: input.historyHash,
  };
}
