import { Injectable } from '@nestjs/common';
import type { CertificateDocument, CertificateSignature, Revocation } from '#libs/certificates';
import { CertificateNotFound, type PassportStatus } from '#libs/lifecycle';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository.js';
import { CertificateDirectory } from './certificate-directory.js';

/** A certificate as its battery's stream records it, with what the battery has become since. */
export interface IssuedCertificate {
  certificate: CertificateDocument;
  signature: CertificateSignature;
  revocation: Revocation | null;
  battery: { batteryId: string; status: PassportStatus };
}

/** The directory says which stream to read; the stream says what the certificate is. */
@Injectable()
export class CertificateLookup {
  constructor(
    private readonly directory: CertificateDirectory,
    private readonly repository: LifecycleRepository,
  ) {}

  async find(certificateId: string): Promise<IssuedCertificate> {
    const batteryId = await this.directory.batteryOf(certificateId);
    if (batteryId === undefined) throw new CertificateNotFound(certificateId);
    const { state } = await this.repository.battery(batteryId);
    const record = state.registered ? state.certificates.find((issued) => issued.certificateId === certificateId) : undefined;
    if (!state.registered || record === undefined) throw new CertificateNotFound(certificateId);
    return {
      // Stored exactly as signed at issue (the decider keeps the document and signature verbatim).
      certificate: record.certificate as unknown as CertificateDocument,
      signature: record.signature as unknown as CertificateSignature,
      revocation: record.revocation,
      battery: { batteryId, status: state.status },
    };
  }
}
