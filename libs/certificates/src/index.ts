export * from './certificate-document.js';
export * from './build-certificate-document.js';
export { canonicalBytes } from './canonical-json.js';
/** Part of the verifier's public face: the JCS both the hash chain and the signatures use. */
export { canonicalJson } from '#libs/canonical-json';
export * from './certificate-signature.js';
export * from './jwk.js';
export {
  SigningKeyRing,
  readPublishedKeys,
  rotateCertificateSigningKey,
  KEY_DIRECTORY,
  LEDGER_FILE,
  PRIVATE_KEY_FILE,
} from './signing-key-ring.js';
export type { Rotation, SigningKeyRingOptions } from './signing-key-ring.js';
export { SigningKeyRefused, type LedgerEntry, type PublicKeyLedger } from './public-key-ledger.js';
export * from './certificate-status.js';
export * from './offline-verification.js';
export { certificateVerifyUrl } from './verify-url.js';
export { renderCertificatePdf } from './pdf/render-certificate-pdf.js';
export type { RenderOptions } from './pdf/render-certificate-pdf.js';
export { LABELS as CERTIFICATE_LABELS, TITLE as CERTIFICATE_TITLE, applicationName, gradeName } from './pdf/bilingual-labels.js';
export { hangulFontFiles } from './pdf/hangul-font.js';
export { PdfRenderPool, PdfRenderQueueFull } from './pdf/pdf-render-pool.js';
export type { PdfRenderPoolOptions, PdfRenderPoolStats } from './pdf/pdf-render-pool.js';
export { CERTIFICATE_KEY_MIGRATION_NAMESPACE, CERTIFICATE_KEY_MIGRATIONS } from './published-key-set.js';
