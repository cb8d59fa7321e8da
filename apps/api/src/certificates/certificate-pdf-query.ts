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

/** Rendering embeds a Hangul font and costs 1-2 s of CPU, so recent PDFs are kept (LRU). */
const CACHED_PDFS = 64;

/**
 * The printable certificate; its QR code holds the public verify URL of this deployment.
 * A PDF shows the signed document only (never the live status), and a certificate's document and
 * signature never change, so a rendered PDF stays correct for as long as it is cached.
 */
@QueryHandler(CertificatePdfQuery)
export class CertificatePdfHandler implements IQueryHandler<CertificatePdfQuery, Buffer> {
  private readonly rendered = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly lookup: CertificateLookup,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ certificateId }: CertificatePdfQuery): Promise<Buffer> {
    const { certificate, signature } = await this.lookup.find(certificateId);
    let pdf = this.rendered.get(certificateId);
    if (pdf) this.rendered.delete(certificateId);
    else pdf = renderCertificatePdf(certificate, signature, { verifyUrl: certificateVerifyUrl(this.config.publicBaseUrl, certificateId) });
    this.rendered.set(certificateId, pdf);
    if (this.rendered.size > CACHED_PDFS) this.rendered.delete(this.rendered.keys().next().value!);
    try {
      return await pdf;
    } catch (error) {
      this.rendered.delete(certificateId);
      throw error;
    }
  }
}
