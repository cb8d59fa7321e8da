export { BUNDLE_FORMAT, buildBundle, certificatesOf, type BundleCertificate, type BundleInclusion, type TransferBundle } from './bundle.js';
export { BundleRejected, type BundleRule } from './bundle-rejected.js';
export { issuerOfKey, type TrustedIssuer } from './trusted-issuer.js';
export { requireAddressedTo, verifyBundle, type VerifiedBundle } from './verify-bundle.js';
