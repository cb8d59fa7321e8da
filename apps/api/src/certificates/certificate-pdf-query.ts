import { Inject, type OnModuleDestroy } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { certificateVerifyUrl, PdfRenderPool, PdfRenderQueueFull } from '#libs/certificates';
import type { AppConfig } from '#libs/config';
import type { CellpathMetrics } from '#libs/metrics';
import { ProblemException } from '../http/problem.js';
import { CONFIG, LOGGER, METRICS } from '../tokens.js';
import { CertificateLookup } from './certificate-lookup.js';

export class CertificatePdfQuery extends Query<Buffer> {
  constructor(readonly certificateId: string) {
    super();
  }
}

/** Rendering embeds a Hangul font and costs 1-2 s of CPU, so recent PDFs are kept (LRU). */
const CACHED_PDFS = 64;
/** A queued render takes 1-2 s; a client retrying after a few seconds usually finds room. */
const RETRY_AFTER_SECONDS = '5';

/**
 * The printable certificate; its QR code holds the public verify URL of this deployment. It
 * prints the signed document and, once there is one, the revocation. A certificate's document
 * and signature never change and a revocation is final, so a PDF is cached under the certificate
 * and its revocation time: the first request after a revocation (read from the battery's stream,
 * whichever process wrote it) misses the cache and renders the revoked PDF. Renders run on the
 * pool's threads; concurrent requests for one certificate share a render.
 */
@QueryHandler(CertificatePdfQuery)
export class CertificatePdfHandler implements IQueryHandler<CertificatePdfQuery, Buffer>, OnModuleDestroy {
  private readonly rendered = new Map<string, Promise<Buffer>>();
  private readonly pool: PdfRenderPool;

  constructor(
    private readonly lookup: CertificateLookup,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: CellpathMetrics,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.pool = new PdfRenderPool({ threads: config.pdfRenderThreads, queue: config.pdfRenderQueue });
  }

  async execute({ certificateId }: CertificatePdfQuery): Promise<Buffer> {
    const { certificate, signature, revocation } = await this.lookup.find(certificateId);
    if (revocation) this.rendered.delete(certificateId);
    const key = revocation ? `${certificateId} revoked ${revocation.revokedAt}` : certificateId;
    let pdf = this.rendered.get(key);
    if (pdf) this.rendered.delete(key);
    else
      pdf = this.metrics.timePdfRender(() =>
        this.pool.render(certificate, signature, {
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
      if (!(error instanceof PdfRenderQueueFull)) throw error;
      this.log.warn({ certificateId, pdfRenders: this.pool.stats() }, 'certificate PDF refused: render queue full');
      throw new ProblemException(503, 'pdf-render-busy', `${error.message} (in ${RETRY_AFTER_SECONDS} s)`, {
        headers: { 'retry-after': RETRY_AFTER_SECONDS },
      });
    }
  }

  /** Renders so far, refusals included: what an operator reads to size the pool. */
  stats() {
    return this.pool.stats();
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
