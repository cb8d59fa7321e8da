import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { CertificateLookup } from './certificate-lookup.js';
import { CertificatePdfHandler } from './certificate-pdf-query.js';
import { GetCertificateHandler } from './certificate-query.js';
import { CertificateSigner } from './certificate-signer.js';
import { CertificatesController } from './certificates.controller.js';
import { GetSigningKeysHandler } from './signing-keys-query.js';
import { VerifyCertificateHandler } from './verify-certificate-query.js';

/** Contract "Certificates": lookup, verification, PDF, public keys, and the signer the issue command uses. */
@Module({
  imports: [LifecycleModule, ReadModelsModule],
  controllers: [CertificatesController],
  providers: [
    CertificateLookup,
    CertificateSigner,
    GetCertificateHandler,
    VerifyCertificateHandler,
    CertificatePdfHandler,
    GetSigningKeysHandler,
  ],
  exports: [CertificateLookup, CertificateSigner],
})
export class CertificatesModule {}
