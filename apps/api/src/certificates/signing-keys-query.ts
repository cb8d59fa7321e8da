import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Jwks, SigningKeyRing } from '#libs/certificates';
import { SIGNING_KEYS } from '../tokens.js';

export class GetSigningKeysQuery extends Query<Jwks> {}

/** Current and retired public keys (the store's set): retired ones keep older certificates verifiable offline. */
@QueryHandler(GetSigningKeysQuery)
export class GetSigningKeysHandler implements IQueryHandler<GetSigningKeysQuery, Jwks> {
  constructor(@Inject(SIGNING_KEYS) private readonly keys: SigningKeyRing) {}

  async execute(): Promise<Jwks> {
    return this.keys.jwks();
  }
}
