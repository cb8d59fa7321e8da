/** Value sets from shared/api.md, repeated here so a certificate is readable without the API layer. */
export type BatteryLevel = 'pack' | 'module' | 'cell';
export type BatteryCategory = 'ev' | 'industrial' | 'lmt' | 'stationary';
export type Chemistry = 'NMC' | 'NCA' | 'LFP' | 'LMO' | 'LTO' | 'other';
export type Grade = 'A' | 'B' | 'C';
export type Verdict = 'pass' | 'fail';
export type EvaluationMethod = 'full-capacity-test' | 'bms-data' | 'hppc' | 'eis' | 'other';
export type DiagnosisTestName =
  'capacity' | 'dcir' | 'hppc' | 'eis' | 'insulation' | 'thermal-imaging' | 'bms-software' | 'visual' | 'other';
export type Application = 'ess' | 'ev' | 'lmt' | 'ups' | 'ev-charger' | 'subscription' | 'other';

export interface DiagnosisTest {
  name: DiagnosisTestName;
  result: Verdict;
  value?: number;
  unit?: string;
}

/** The battery as registered, plus the remaining values measured by the latest evaluation. */
export interface CertifiedBattery {
  model: string;
  manufacturer: string;
  chemistry: Chemistry;
  category: BatteryCategory;
  level: BatteryLevel;
  manufacturingDate?: string;
  serialNumber?: string;
  ratedCapacityAh: number;
  ratedEnergyKWh: number;
  nominalVoltageV: number;
  remainingCapacityAh: number;
  remainingEnergyKWh?: number;
}

/** Snapshot of the latest evaluation and the passing diagnosis after it. */
export interface CertificateEvidence {
  grade: Grade;
  stateOfHealthPct: number;
  evaluationMethod: EvaluationMethod;
  evaluatedAt: string;
  internalResistanceMOhm?: number;
  diagnosisVerdict: Verdict;
  tests: DiagnosisTest[];
  diagnosedAt: string;
  /** The standard the diagnosis was run against (e.g. "KC 10031"), when it named one. */
  standard?: string;
}

/**
 * Who issued the certificate: the certifier's API key as recorded on events (its public
 * fingerprint `keyId`, never the secret) and the roles it held. Not to be confused with
 * `signature.keyId`, which names the deployment's signing key.
 */
export interface CertificateIssuer {
  keyId: string;
  roles?: string[];
  /** The certifier's name and organisation when the key is a named one (API_KEYS_FILE). */
  name?: string;
  organisationId?: string;
}

/** The signed body of a reuse certificate (shared/api.md "Certificates"). */
export interface CertificateDocument {
  certificateId: string;
  batteryId: string;
  battery: CertifiedBattery;
  evidence: CertificateEvidence;
  applications: Application[];
  issuedAt: string;
  validUntil: string;
  issuer: CertificateIssuer;
  /** Revision of the battery's last event before the issue event. */
  batteryRevision: number;
  /** Hash-chain `hash` of that same event, anchoring the evidence to the history. */
  historyHash: string;
}
