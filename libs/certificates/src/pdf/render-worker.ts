import type { CertificateDocument } from '../certificate-document.js';
import type { CertificateSignature } from '../certificate-signature.js';
import { renderCertificatePdf, type RenderOptions } from './render-certificate-pdf.js';

/** What the pool posts to a render thread: plain data, copied by structured clone. */
export interface RenderTask {
  certificate: CertificateDocument;
  signature: CertificateSignature;
  options: RenderOptions;
}

/** Entry point of a pool thread (piscina calls the default export): the 1-2 s of CPU happen here. */
export default function renderInWorker({ certificate, signature, options }: RenderTask): Promise<Buffer> {
  return renderCertificatePdf(certificate, signature, options);
}
