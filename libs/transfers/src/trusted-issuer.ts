import type { Jwks } from '#libs/certificates';

/** A partner's public keys, pinned by an admin: the only keys a bundle's checkpoint and certificates may be signed by. */
export interface TrustedIssuer {
  issuerId: string;
  name: string;
  organisationId?: string;
  keys: Jwks;
}

/** The issuer whose pinned keys hold `keyId`. */
export function issuerOfKey(issuers: readonly TrustedIssuer[], keyId: string): TrustedIssuer | undefined {
  return issuers.find((issuer) => issuer.keys.keys.some((key) => key.kid === keyId));
}
