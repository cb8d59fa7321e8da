import type { Application } from '#libs/lifecycle';

/** A reuse certificate as the certificates view counts it: the rows of `battery_certificates`. */
export interface CertificateSummary {
  certificateId: string;
  batteryId: string;
  applications: Application[];
  issuedAt: string;
  validUntil: string;
  revocation: { reason: string; revokedAt: string } | null;
}
