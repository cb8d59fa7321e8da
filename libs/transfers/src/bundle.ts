import type { HistoryEntry } from '#libs/audit';
import type { Jwks } from '#libs/certificates';
import type { SignedCheckpoint } from '#libs/transparency-log';

export const BUNDLE_FORMAT = 'cellpath-bundle/1';

/** One certificate as `GET /certificates/{id}/verify` would give it, minus the verdict (the receiver judges). */
export interface BundleCertificate {
  certificate: Record<string, unknown>;
  signature: { alg: string; keyId: string; value: string };
  revocation: { reason: string; revokedAt: string } | null;
}

/** An event's inclusion proof in the bundle's checkpoint (RFC 9162 §2.1.3); `treeSize` is the checkpoint's. */
export interface BundleInclusion {
  revision: number;
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
}

/**
 * A battery's whole record as it crosses to another instance (shared/api.md "Transfers"): every
 * event, the certificates issued on it, a checkpoint signed by the origin that includes the last
 * event, each event's inclusion proof in that checkpoint's tree, and the origin's public keys.
 */
export interface TransferBundle {
  format: typeof BUNDLE_FORMAT;
  batteryId: string;
  exportedAt: string;
  events: HistoryEntry[];
  certificates: BundleCertificate[];
  checkpoint: SignedCheckpoint;
  inclusion: BundleInclusion[];
  keys: Jwks;
}

/** The certificates a history issued, each with its revocation as the same history records it. */
export function certificatesOf(events: readonly Pick<HistoryEntry, 'type' | 'data'>[]): (BundleCertificate & { certificateId: string })[] {
  const issued: (BundleCertificate & { certificateId: string })[] = [];
  for (const { type, data } of events) {
    if (type === 'ReuseCertificateIssued') {
      const { certificateId, certificate, signature } = data as Record<string, never>;
      issued.push({ certificateId, certificate, signature, revocation: null });
    } else if (type === 'ReuseCertificateRevoked') {
      const { certificateId, reason, revokedAt } = data as Record<string, string>;
      const revoked = issued.find((entry) => entry.certificateId === certificateId);
      if (revoked) revoked.revocation = { reason: reason!, revokedAt: revokedAt! };
    }
  }
  return issued;
}

export function buildBundle(parts: {
  batteryId: string;
  exportedAt: string;
  events: HistoryEntry[];
  checkpoint: SignedCheckpoint;
  inclusion: BundleInclusion[];
  keys: Jwks;
}): TransferBundle {
  const { batteryId, exportedAt, events, checkpoint, inclusion, keys } = parts;
  const certificates = certificatesOf(events).map(({ certificateId: _, ...certificate }) => certificate);
  return { format: BUNDLE_FORMAT, batteryId, exportedAt, events, certificates, checkpoint, inclusion, keys };
}
