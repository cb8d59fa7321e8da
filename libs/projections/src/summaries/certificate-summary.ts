import type { CertificateRecord, RegisteredBattery } from '#libs/lifecycle';

/** A reuse certificate as the certificates view counts it: the rows of `battery_certificates`. */
export type CertificateSummary = CertificateRecord & { batteryId: string };

export function certificatesOf(battery: RegisteredBattery): CertificateSummary[] {
  return battery.certificates.map((certificate) => ({ ...certificate, batteryId: battery.batteryId }));
}
