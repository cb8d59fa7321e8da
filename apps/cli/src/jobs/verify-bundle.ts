/**
 * `cellpath verify bundle`: the offline verifier for a transfer bundle (`GET /batteries/{id}/bundle`,
 * cellpath-bundle/1: the checks of POST /imports, libs/transfers, with --jwks as the one pinned
 * issuer) or a history bundle (`GET /batteries/{id}/history?format=bundle`): the hash chain, the
 * checkpoint's signature under the published keys, and every event's inclusion proof.
 * Exit 0 valid, 1 invalid (reasons printed), 2 usage or unreadable input.
 */
import { verifyChain, type HistoryEntry } from '#libs/audit';
import { parseJwks, VerifierInputError } from '#libs/certificates';
import { checkLogEvidence, type EntryProof } from '#libs/transparency-log';
import { BUNDLE_FORMAT, BundleRejected, verifyBundle as verifyTransfer } from '#libs/transfers';
import { EXIT } from '../outcome.js';
import { report } from '../program-parts.js';
import { readJson } from '../read-json.js';

export function verifyBundle(bundlePath: string, options: { jwks: string; json?: boolean }): number {
  const bundle = readJson(bundlePath, 'bundle');
  const jwks = parseJwks(readJson(options.jwks, 'key file'));
  if (bundle?.format === BUNDLE_FORMAT) return verifyTransferBundle(bundle, jwks, options.json);
  if (!Array.isArray(bundle?.events) || typeof bundle.batteryId !== 'string')
    throw new VerifierInputError('not a history bundle: no batteryId or events');
  const events = bundle.events as HistoryEntry[];
  const reasons: string[] = [];
  const chain = verifyChain(events.map((event) => ({ ...event, streamId: bundle.batteryId })));
  if (!chain.valid) reasons.push(`hash chain broken at revision ${chain.brokenAtRevision} (${chain.reason})`);

  const inclusion: (Omit<EntryProof, 'entry'> & { revision: number })[] = Array.isArray(bundle.log?.inclusion) ? bundle.log.inclusion : [];
  const byRevision = new Map(events.map((event) => [event.revision, event]));
  const proofs = inclusion.map(({ revision, ...proof }) => {
    const event = byRevision.get(revision);
    // A proof for a revision the bundle lacks is checked against nothing: it fails.
    const entry = { streamId: bundle.batteryId, revision, type: event?.type ?? '', hash: event?.hash ?? '' };
    return { entry, ...proof };
  });
  if (bundle.log === undefined) reasons.push('no transparency-log part (checkpoint and inclusion proofs)');
  else reasons.push(...checkLogEvidence(bundle.log.checkpoint, proofs, jwks));
  const unlogged = events.filter((event) => !inclusion.some((proof) => proof.revision === event.revision)).map((event) => event.revision);

  const valid = reasons.length === 0;
  const checkpoint = valid ? { treeSize: bundle.log.checkpoint.treeSize, origin: bundle.log.checkpoint.origin } : undefined;
  const result = {
    valid,
    batteryId: bundle.batteryId,
    events: events.length,
    proven: proofs.length,
    checkpoint,
    reasons,
    unloggedRevisions: unlogged,
  };
  report(options.json, result, () =>
    valid
      ? [
          `VALID bundle of ${bundle.batteryId}: ${events.length} events chained, ${proofs.length} proven in the signed tree of ${checkpoint!.treeSize} (${checkpoint!.origin})`,
          ...(unlogged.length > 0 ? [`  note: revisions ${unlogged.join(', ')} were not yet in that checkpoint`] : []),
        ]
      : [`INVALID bundle of ${bundle.batteryId}`, ...reasons.map((reason) => `  - ${reason}`)],
  );
  return valid ? EXIT.ok : EXIT.failed;
}

/** The receiver's checks; who the transfer is addressed to is the receiver's business, so it is only shown. */
function verifyTransferBundle(bundle: unknown, keys: ReturnType<typeof parseJwks>, json: boolean | undefined): number {
  try {
    const verified = verifyTransfer(bundle, [{ issuerId: 'jwks', name: 'the --jwks file', keys }]);
    const last = verified.events[verified.events.length - 1]!;
    const transferredTo = last.type === 'BatteryTransferred' ? String(last.data.toOrganisationId) : undefined;
    const result = {
      valid: true,
      batteryId: verified.batteryId,
      events: verified.events.length,
      certificates: verified.certificates.length,
      checkpoint: { treeSize: verified.checkpoint.treeSize, origin: verified.checkpoint.origin },
      transferredTo,
    };
    report(json, result, () => [
      `VALID bundle of ${verified.batteryId}: ${verified.events.length} events chained and proven in the signed tree of ${verified.checkpoint.treeSize} (${verified.checkpoint.origin}), ${verified.certificates.length} certificate(s) signed`,
      transferredTo !== undefined
        ? `  transferred to organisation ${transferredTo} at ${last.occurredAt}`
        : `  note: the last event is ${last.type}, not a transfer: a receiver refuses it (not-transferred)`,
    ]);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof BundleRejected)) throw error;
    const [first] = error.errors;
    report(json, { valid: false, rule: error.rule, errors: error.errors }, () => [
      `INVALID bundle: ${first!.field}: ${first!.message} (${error.rule})`,
    ]);
    return EXIT.failed;
  }
}
