import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CertificateLookup, type IssuedCertificate } from './certificate-lookup.js';

export class GetCertificateQuery extends Query<IssuedCertificate> {
  constructor(readonly certificateId: string) {
    super();
  }
}

@QueryHandler(GetCertificateQuery)
export class GetCertificateHandler implements IQueryHandler<GetCertificateQuery, IssuedCertificate> {
  constructor(private readonly lookup: CertificateLookup) {}

  execute({ certificateId }: GetCertificateQuery): Promise<IssuedCertificate> {
    return this.lookup.find(certificateId);
  }
}
