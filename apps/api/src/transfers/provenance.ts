import { parseSignedCertificate, verifyOffline, VerifierInputError, type OfflineVerification } from '#libs/certificates';
import type { BatteryImportedData } from '#libs/lifecycle';
import type { TrustedIssuer } from '#libs/transfers';

export interface ProvenanceCertificate {
  certificate: unknown;
  signature: unknown;
  revocation: unknown;
  /** Judged now against the issuer's keys pinned here (not the keys the bundle carried). */
  verification: Omit<OfflineVerification, 'certificateId'>;
}

/**
 * GET /batteries/{id}/provenance: the origin's history as it was verified on import, and each of
 * the origin's certificates verified again against the pinned keys (status as of `now`).
 */
export function provenanceOf(
  batteryId: string,
  imported: { occurredAt: string; data: BatteryImportedData },
  issuer: TrustedIssuer | undefined,
  now: Date,
) {
  const { issuerId, originBatteryId, lastRevision, lastHash, checkpoint, toOrganisationId, provenance } = imported.data;
  return {
    batteryId,
    importedAt: imported.occurredAt,
    issuer: issuer === undefined ? { issuerId } : { issuerId, name: issuer.name, organisationId: issuer.organisationId ?? null },
    originBatteryId,
    toOrganisationId,
    lastRevision,
    lastHash,
    checkpoint,
    events: provenance.events,
    inclusion: provenance.inclusion,
    certificates: provenance.certificates.map((entry) => ({ ...entry, verification: judge(entry, issuer, now) }) as ProvenanceCertificate),
    keys: provenance.keys,
  };
}

function judge(entry: unknown, issuer: TrustedIssuer | undefined, now: Date): ProvenanceCertificate['verification'] {
  try {
    // Pins are never removed, so an imported battery's issuer is always there; no keys would verify nothing.
    const { certificateId: _, ...verdict } = verifyOffline(parseSignedCertificate(entry), issuer?.keys ?? { keys: [] }, now);
    return verdict;
  } catch (error) {
    // The import verified each signature, but the offline reader is stricter about dates and encodings.
    if (!(error instanceof VerifierInputError)) throw error;
    return { valid: false, status: 'active', keyId: '', reasons: [error.message] };
  }
}
