import { ChainVerifier, type ChainBreak, type HistoryEntry } from '#libs/audit';
import { canonicalJson, parseJwks, verifyCertificateSignature, type Jwks, type SignatureClaim } from '#libs/certificates';
import { foldOrigin, ID_PATTERN, type VerifiedImport } from '#libs/lifecycle';
import {
  hashFromHex,
  parseSignedCheckpoint,
  verifyCheckpoint,
  verifyLeafInclusion,
  leafData,
  type SignedCheckpoint,
} from '#libs/transparency-log';
import { BUNDLE_FORMAT, certificatesOf, type BundleCertificate, type BundleInclusion } from './bundle.js';
import { BundleRejected } from './bundle-rejected.js';
import { issuerOfKey, type TrustedIssuer } from './trusted-issuer.js';

/*
 * What a receiver (POST /imports) and the offline verifier (npm run verify-bundle) check of a
 * bundle, in this order, stopping at the first failing part: its shape, the hash chain, the
 * checkpoint (a pinned key, its signature), every event's inclusion proof in that checkpoint, and
 * every certificate (its signature by the same issuer, and that it is the one the history issued).
 * Pure: no clock, no I/O.
 */

export interface VerifiedBundle {
  batteryId: string;
  issuer: TrustedIssuer;
  events: HistoryEntry[];
  certificates: BundleCertificate[];
  checkpoint: SignedCheckpoint;
  inclusion: BundleInclusion[];
  keys: Jwks;
}

const CHAIN_FIELD: Record<ChainBreak, string> = {
  'missing-revision': 'revision',
  'previous-hash-mismatch': 'previousHash',
  'hash-mismatch': 'hash',
  'schema-version-mismatch': 'schemaVersion',
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const invalid = (field: string, message: string) => new BundleRejected('bundle-invalid', field, message);

export function verifyBundle(input: unknown, issuers: readonly TrustedIssuer[]): VerifiedBundle {
  const bundle = requireShape(input);
  const events = bundle.events as HistoryEntry[];
  verifyHashChain(bundle.batteryId, events);
  const { issuer, root } = verifySignedCheckpoint(bundle.checkpoint, issuers);
  verifyInclusions(bundle.batteryId, events, bundle.inclusion, bundle.checkpoint.treeSize, root);
  verifyCertificates(events, bundle.certificates, issuer);
  const certificates = bundle.certificates as BundleCertificate[];
  const inclusion = bundle.inclusion as BundleInclusion[];
  return { ...bundle, events, certificates, inclusion, issuer };
}

/**
 * The contract's last check on a receiver: the history ends with its transfer to `organisationId`
 * (CELLPATH_ORGANISATION_ID; an instance without one is addressed by no transfer).
 */
export function requireAddressedTo(bundle: VerifiedBundle, organisationId: string | undefined): VerifiedImport {
  const index = bundle.events.length - 1;
  const last = bundle.events[index]!;
  if (last.type !== 'BatteryTransferred') {
    throw new BundleRejected('not-transferred', `events.${index}.type`, `the last event is ${last.type}, not BatteryTransferred`);
  }
  const to = last.data.toOrganisationId;
  if (organisationId === undefined || to !== organisationId) {
    throw new BundleRejected(
      'not-addressed-here',
      `events.${index}.data.toOrganisationId`,
      organisationId === undefined
        ? 'this instance has no organisation (CELLPATH_ORGANISATION_ID), so no transfer is addressed to it'
        : `the battery was transferred to ${String(to)}, not to this instance's organisation ${organisationId}`,
    );
  }
  const { issuer, events, certificates, checkpoint, inclusion, keys } = bundle;
  const json = <T>(value: T) => value as unknown as Record<string, unknown>;
  return {
    issuerId: issuer.issuerId,
    toOrganisationId: organisationId,
    events,
    certificates: certificates.map(json),
    checkpoint: json(checkpoint),
    inclusion: inclusion.map(json),
    keys: json(keys),
  };
}

interface ShapedBundle {
  batteryId: string;
  events: unknown[];
  certificates: unknown[];
  checkpoint: SignedCheckpoint;
  inclusion: unknown[];
  keys: Jwks;
}

function requireShape(input: unknown): ShapedBundle {
  if (!isObject(input)) throw invalid('', 'a bundle is a JSON object');
  if (input.format !== BUNDLE_FORMAT) throw invalid('format', `must be ${BUNDLE_FORMAT}`);
  if (typeof input.batteryId !== 'string' || !ID_PATTERN.test(input.batteryId)) throw invalid('batteryId', 'must be a battery id');
  for (const field of ['events', 'certificates', 'inclusion'] as const) {
    if (!Array.isArray(input[field])) throw invalid(field, 'must be an array');
  }
  const events = input.events as unknown[];
  if (events.length === 0) throw invalid('events', 'must hold the battery history');
  events.forEach((event, index) => requireEntry(event, `events.${index}`));
  let checkpoint: SignedCheckpoint;
  try {
    checkpoint = parseSignedCheckpoint(input.checkpoint);
  } catch (error) {
    throw invalid('checkpoint', (error as Error).message);
  }
  let keys: Jwks;
  try {
    keys = parseJwks(input.keys);
  } catch (error) {
    throw invalid('keys', (error as Error).message);
  }
  return { ...(input as unknown as ShapedBundle), checkpoint, keys };
}

function requireEntry(event: unknown, where: string): void {
  if (!isObject(event)) throw invalid(where, 'must be a history entry');
  const types: Record<string, (value: unknown) => boolean> = {
    revision: Number.isSafeInteger,
    schemaVersion: Number.isSafeInteger,
    type: (value) => typeof value === 'string',
    occurredAt: (value) => typeof value === 'string',
    recordedAt: (value) => typeof value === 'string',
    hash: (value) => typeof value === 'string',
    data: isObject,
    actor: (value) => value === null || isObject(value),
    previousHash: (value) => value === null || typeof value === 'string',
  };
  for (const [field, holds] of Object.entries(types))
    if (!holds(event[field])) throw invalid(`${where}.${field}`, 'is missing or mistyped');
}

function verifyHashChain(batteryId: string, events: HistoryEntry[]): void {
  const verifier = new ChainVerifier();
  // The bundle's battery id is what the hashes must cover: an entry can't name another stream.
  for (const event of events) verifier.add({ ...event, streamId: batteryId });
  const chain = verifier.result();
  if (!chain.valid) {
    throw invalid(`events.${chain.brokenAtRevision}.${CHAIN_FIELD[chain.reason]}`, `the hash chain breaks here (${chain.reason})`);
  }
  try {
    foldOrigin(events);
  } catch (error) {
    throw invalid('events', `the history is not a battery's lifecycle: ${(error as Error).message}`);
  }
}

function verifySignedCheckpoint(checkpoint: SignedCheckpoint, issuers: readonly TrustedIssuer[]): { issuer: TrustedIssuer; root: Buffer } {
  const issuer = issuerOfKey(issuers, checkpoint.keyId);
  if (issuer === undefined) {
    throw new BundleRejected('untrusted-issuer', 'checkpoint.keyId', `key ${checkpoint.keyId} is not pinned as a trusted issuer's here`);
  }
  const check = verifyCheckpoint(checkpoint, issuer.keys);
  if (!check.valid) throw invalid('checkpoint.signature', check.reason);
  return { issuer, root: check.head.rootHash };
}

function verifyInclusions(batteryId: string, events: HistoryEntry[], inclusion: unknown[], treeSize: number, root: Buffer): void {
  for (let index = 0; index < Math.max(events.length, inclusion.length); index++) {
    const where = `inclusion.${index}`;
    const event = events[index];
    const proof = inclusion[index];
    if (event === undefined) throw invalid(where, 'proves an event the bundle does not hold: an event was dropped');
    if (!isObject(proof)) throw invalid(where, `revision ${event.revision} has no inclusion proof`);
    if (proof.revision !== event.revision) throw invalid(`${where}.revision`, `must be ${event.revision}, the revision of events.${index}`);
    if (proof.treeSize !== undefined && proof.treeSize !== treeSize) {
      throw invalid(where, `is for a tree of ${String(proof.treeSize)}; the checkpoint signs ${treeSize}`);
    }
    try {
      if (!Number.isSafeInteger(proof.leafIndex) || !Array.isArray(proof.auditPath)) throw new Error('needs leafIndex and auditPath');
      const path = proof.auditPath.map((hex, i) => hashFromHex(hex, `auditPath.${i}`));
      const leaf = leafData({ streamId: batteryId, revision: event.revision, type: event.type, hash: event.hash });
      verifyLeafInclusion(proof.leafIndex as number, treeSize, leaf, path, root);
    } catch (error) {
      throw invalid(where, `does not prove the event in the checkpoint's tree: ${(error as Error).message}`);
    }
  }
}

function verifyCertificates(events: HistoryEntry[], certificates: unknown[], issuer: TrustedIssuer): void {
  const issued = certificatesOf(events);
  const ids = certificates.map((entry, index) => verifyCertificate(entry, `certificates.${index}`, issued, issuer));
  const missing = issued.find((certificate) => !ids.includes(certificate.certificateId));
  if (missing) throw invalid('certificates', `lacks certificate ${missing.certificateId}, which the history issued`);
}

/** Its signature first (a flipped bit anywhere in it shows there), then that the history issued exactly it. */
function verifyCertificate(entry: unknown, where: string, issued: ReturnType<typeof certificatesOf>, issuer: TrustedIssuer): unknown {
  if (!isObject(entry) || !isObject(entry.certificate)) throw invalid(where, 'must be {certificate, signature, revocation}');
  const { certificate, signature } = entry;
  const claim = isObject(signature) && ['alg', 'keyId', 'value'].every((field) => typeof signature[field] === 'string');
  if (!claim) throw invalid(`${where}.signature`, 'must be {alg, keyId, value}');
  const check = verifyCertificateSignature(certificate, signature as unknown as SignatureClaim, issuer.keys);
  if (!check.valid) throw invalid(`${where}.signature`, check.reason ?? 'does not verify');
  const recorded = issued.find((candidate) => candidate.certificateId === certificate.certificateId);
  if (recorded === undefined || canonicalJson(recorded.certificate) !== canonicalJson(certificate)) {
    throw invalid(`${where}.certificate`, 'is not a certificate this history issued');
  }
  if (canonicalJson(recorded.revocation) !== canonicalJson(entry.revocation ?? null)) {
    throw invalid(`${where}.revocation`, 'differs from the revocation this history records');
  }
  return certificate.certificateId;
}
