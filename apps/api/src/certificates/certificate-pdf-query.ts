import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { certificateVerifyUrl, renderCertificatePdf } from '#libs/certificates';
import type { AppConfig } from '#libs/config';
import { CONFIG } from '../tokens.js';
import { CertificateLookup } from './certificate-lookup.js';

export class CertificatePdfQuery extends Query<Buffer> {
  constructor(readonly certificateId: string) {
    super();
  }
}

/** The printable certificate; its QR code holds the public verify URL of this deployment. */
@QueryHandler(CertificatePdfQuery)
export class CertificatePdfHandler implements IQueryHandler<CertificatePdfQuery, Buffer> {
  constructor(
    private readonly lookup: CertificateLookup,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ certificateId }: CertificatePdfQuery): Promise<Buffer> {
    const { certificate, signature } = await this.lookup.find(certificateId);
    return renderCertificatePdf(certificate, signature, { verifyUrl: certificateVerifyUrl(this.config.publicBaseUrl, certificateId) });
  }
}
