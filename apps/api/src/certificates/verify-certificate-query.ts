import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { verificationResult, type SigningKeyRing, type VerificationResult } from '#libs/certificates';
import { CertificateLogCheck, type CertificateLogEvidence } from '../log/certificate-log-evidence.js';
import { SIGNING_KEYS } from '../tokens.js';
import { CertificateLookup, type IssuedCertificate } from './certificate-lookup.js';

/** The contract's verify body, extended with what the battery has become since the issue. */
export type CertificateVerification = VerificationResult &
  Pick<IssuedCertificate, 'battery'> &
  Pick<CertificateLogEvidence, 'log' | 'problem'>;

export class VerifyCertificateQuery extends Query<CertificateVerification> {
  constructor(
    readonly certificateId: string,
    /** The instant the status is judged at: expiry and revocation both count from an instant. */
    readonly at: Date,
  ) {
    super();
  }
}

/**
 * Checks the stored signature against the published keys rather than trusting the store: a
 * document altered after signing (in the database or in transit to it) verifies invalid here too.
 */
@QueryHandler(VerifyCertificateQuery)
export class VerifyCertificateHandler implements IQueryHandler<VerifyCertificateQuery, CertificateVerification> {
  constructor(
    private readonly lookup: CertificateLookup,
    @Inject(SIGNING_KEYS) private readonly keys: SigningKeyRing,
    private readonly logCheck: CertificateLogCheck,
  ) {}

  async execute({ certificateId, at }: VerifyCertificateQuery): Promise<CertificateVerification> {
    const { certificate, signature, revocation, battery } = await this.lookup.find(certificateId);
    const verification = verificationResult({ certificate, signature, revocation, jwks: await this.keys.jwks(), now: at });
    const { log, problem } = await this.logCheck.of(certificate);
    // A history that no longer matches what was signed and logged voids the certificate, whatever its status says.
    return problem === undefined ? { ...verification, battery, log } : { ...verification, valid: false, problem, battery, log };
  }
}
