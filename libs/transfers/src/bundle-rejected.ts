import type { FieldError } from '#libs/lifecycle';

/**
 * Why a bundle is refused (HTTP 422): `bundle-invalid` when a part does not verify, or the
 * contract's rules `untrusted-issuer`, `not-transferred`, `not-addressed-here`.
 */
export type BundleRule = 'bundle-invalid' | 'untrusted-issuer' | 'not-transferred' | 'not-addressed-here';

/** The first failing part of a bundle; `errors` holds its one field (the contract asks for the first failure). */
export class BundleRejected extends Error {
  override readonly name = 'BundleRejected';
  readonly errors: readonly FieldError[];
  constructor(
    readonly rule: BundleRule,
    field: string,
    message: string,
  ) {
    super(`${field}: ${message} (rule: ${rule})`);
    this.errors = [{ field, message }];
  }
}
