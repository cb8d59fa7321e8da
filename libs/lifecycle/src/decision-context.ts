import type { BatteryState, DiagnosisRecord, EvaluationRecord, RegisteredBattery } from './battery-state.js';
import type { JsonObject } from './domain-event.js';
import type { FieldError } from './errors.js';
import type { GradingPolicy } from './grading-policy.js';
import type { OrganisationState } from './organisation-state.js';
import type { SiteState } from './site-state.js';
import type { Application, PassportSourceFormat } from './value-sets.js';

/** What a decision needs besides the stream's own state; all of it loaded by the caller. */
export interface DecisionContext {
  /** The caller's clock, ISO 8601; the default and upper bound of `occurredAt`. */
  now: string;
  gradingPolicy: GradingPolicy;
  /** ReceiveBattery: the state of the site named by `siteId` (`initialSiteState` when unknown). */
  site?: SiteState;
  /**
   * RecordSecondLife with kind `repurposed`/`remanufactured`: the state of `successorBatteryId`
   * (undefined or `initialBatteryState` when that stream does not exist).
   */
  successor?: BatteryState;
  /**
   * The organisation the command names, if it names one: `manufacturerOrganisationId`
   * (registration), `operatorOrganisationId` (second life), `recyclerOrganisationId` (hand-over).
   */
  organisation?: OrganisationState;
  /**
   * IssueReuseCertificate: builds and signs the certificate document. Called only once the rules
   * allow the issue, so nothing is signed for a battery that cannot be certified.
   */
  /**
   * AttachPassportSource: the document's schema errors, paths from the body root
   * (`document.metadata.passportIdentifier`). Schemas are files, so the caller holds them.
   */
  checkPassportSource?: (format: PassportSourceFormat, document: unknown) => readonly FieldError[];
  signCertificate?: (battery: RegisteredBattery, issue: CertificateIssue) => SignedCertificate;
}

/** What a certificate states besides the battery, with the dates of `reuseCertificateValidity`. */
export interface CertificateIssue {
  certificateId: string;
  applications: Application[];
  issuedAt: string;
  validUntil: string;
  evaluation: EvaluationRecord;
  diagnosis: DiagnosisRecord;
}

export interface SignedCertificate {
  certificate: JsonObject;
  signature: JsonObject;
}
