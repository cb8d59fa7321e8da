import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { certificateVerifyUrl, renderCertificatePdf } from '#libs/certificates';
import type { AppConfig } from '#libs/config';
import type { CellpathMetrics } from '#libs/metrics';
import { CONFIG, METRICS } from '../tokens.js';
import { CertificateLookup } from './certificate-lookup.js';

export class CertificatePdfQuery extends Query<Buffer> {
  constructor(readonly certificateId: string) {
    super();
  }
}

/** Rendering embeds a Hangul font and costs 1-2 s of CPU, so recent PDFs are kept (LRU). */
const CACHED_PDFS = 64;

/**
 * The printable certificate; its QR code holds the public verify URL of this deployment. It
 * prints the signed document and, once there is one, the revocation. A certificate's document
 * and signature never change and a revocation is final, so a PDF is cached under the certificate
 * and its revocation time: the first request after a revocation (read from the battery's stream,
 * whichever process wrote it) misses the cache and renders the revoked PDF.
 */
@QueryHandler(CertificatePdfQuery)
export class CertificatePdfHandler implements IQueryHandler<CertificatePdfQuery, Buffer> {
  private readonly rendered = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly lookup: CertificateLookup,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: CellpathMetrics,
  ) {}

  async execute({ certificateId }: CertificatePdfQuery): Promise<Buffer> {
    const { certificate, signature, revocation } = await this.lookup.find(certificateId);
    if (revocation) this.rendered.delete(certificateId);
    const key = revocation ? `${certificateId} revoked ${revocation.revokedAt}` : certificateId;
    let pdf = this.rendered.get(key);
    if (pdf) this.rendered.delete(key);
    else
      pdf = this.metrics.timePdfRender(() =>
        renderCertificatePdf(certificate, signature, {
          verifyUrl: certificateVerifyUrl(this.config.publicBaseUrl, certificateId),
          revocation,
        }),
      );
    this.rendered.set(key, pdf);
    if (this.rendered.size > CACHED_PDFS) this.rendered.delete(this.rendered.keys().next().value!);
    try {
      return await pdf;
    } catch (error) {
      this.rendered.delete(key);
      throw error;
    }
  }
}
