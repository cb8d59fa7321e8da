import type { CertificateRecord, DiagnosisRecord, EvaluationRecord, RegisteredBattery } from './battery-state.js';
import { LifecycleRuleViolation } from './errors.js';
import { addMonths, isAfter, requireInstant } from './time.js';
import { CERTIFICATE_VALID_MONTHS, type Application } from './value-sets.js';

export interface ActiveCertificate {
  certificateId: string;
  applications: Application[];
  validUntil: string;
}

/** Active = issued, not revoked, and `validUntil` still ahead of `now`. */
export function isCertificateActive(certificate: Pick<CertificateRecord, 'revocation' | 'validUntil'>, now: string): boolean {
  return certificate.revocation === null && isAfter(certificate.validUntil, now);
}

export function certificateStatus(
  certificate: Pick<CertificateRecord, 'revocation' | 'validUntil'>,
  now: string,
): 'active' | 'revoked' | 'expired' {
  if (certificate.revocation !== null) return 'revoked';
  return isCertificateActive(certificate, now) ? 'active' : 'expired';
}

/** Issuing needs no active certificate, so only the latest one issued can be active. */
export function activeCertificate(battery: RegisteredBattery, now: string): ActiveCertificate | null {
  const latest = battery.certificates.at(-1);
  if (latest === undefined || !isCertificateActive(latest, now)) return null;
  const { certificateId, applications, validUntil } = latest;
  return { certificateId, applications, validUntil };
}

/**
 * The dates a certificate issued at `now` carries. The certificate document is signed before the
 * issue is decided, so its builder and `decideBattery` must both take the dates from here.
 */
export function reuseCertificateValidity(
  now: string,
  validMonths: number = CERTIFICATE_VALID_MONTHS.default,
): { issuedAt: string; validUntil: string } {
  const issuedAt = requireInstant(now, 'now');
  return { issuedAt, validUntil: addMonths(issuedAt, validMonths) };
}

/**
 * The certification rules of the glossary, in the order a certifier would fix them; returns the
 * evidence a certificate states.
 */
export function assertCertifiable(battery: RegisteredBattery, now: string): { evaluation: EvaluationRecord; diagnosis: DiagnosisRecord } {
  const { batteryId, latestEvaluation: evaluation, latestDiagnosis: diagnosis } = battery;
  if (battery.handOver !== null) {
    throw new LifecycleRuleViolation('battery-handed-over', `battery ${batteryId} was handed over for recycling and cannot be certified`);
  }
  if (evaluation === null) {
    throw new LifecycleRuleViolation('certification-needs-evaluation', `battery ${batteryId} has not been evaluated`);
  }
  if (evaluation.grade === 'C') {
    throw new LifecycleRuleViolation(
      'certification-needs-grade-a-or-b',
      `battery ${batteryId} is grade C by its latest evaluation; only grade A or B can be certified for reuse`,
    );
  }
  if (diagnosis === null || diagnosis.revision < evaluation.revision || diagnosis.verdict !== 'pass') {
    throw new LifecycleRuleViolation(
      'certification-needs-passing-diagnosis',
      `battery ${batteryId} needs a passing diagnosis after its latest evaluation (revision ${evaluation.revision})`,
    );
  }
  const active = activeCertificate(battery, now);
  if (active !== null) {
    throw new LifecycleRuleViolation(
      'active-certificate-exists',
      `battery ${batteryId} already has active certificate ${active.certificateId} (valid until ${active.validUntil})`,
    );
  }
  return { evaluation, diagnosis };
}
