import type { Provider } from '@nestjs/common';
import { CertificateDirectory } from './certificate-directory.js';
import { CertificateLookup } from './certificate-lookup.js';
import { CertificatePdfHandler } from './certificate-pdf-query.js';
import { GetCertificateHandler } from './certificate-query.js';
import { GetSigningKeysHandler } from './signing-keys-query.js';
import { VerifyCertificateHandler } from './verify-certificate-query.js';
import { CertificateLogCheck } from '../log/certificate-log-evidence.js';

/** Everything AppModule needs to serve contract "Certificates" (the issuer depends on the directory). */
export const CERTIFICATE_PROVIDERS: Provider[] = [
  CertificateDirectory,
  CertificateLookup,
  GetCertificateHandler,
  VerifyCertificateHandler,
  CertificatePdfHandler,
  GetSigningKeysHandler,
  CertificateLogCheck,
];
