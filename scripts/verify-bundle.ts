/**
 * Offline verifier for a transfer bundle (`GET /batteries/{id}/bundle`, cellpath-bundle/1: the
 * checks of POST /imports, libs/transfers, with --jwks as the one pinned issuer) or a history
 * bundle (`GET /batteries/{id}/history?format=bundle`): the hash chain, the checkpoint's signature
 * under the published keys, and every event's inclusion proof.
 * Exit 0 valid, 1 invalid (reasons printed), 2 usage or unreadable input.
 *
 *   npm run verify-bundle -- bundle.json --jwks keys.json
 */
import { parseArgs } from 'node:util';
import { readJson, runVerifier } from './verifier-cli.js';
import { verifyChain, type HistoryEntry } from '#libs/audit';
import { parseJwks, VerifierInputError } from '#libs/certificates';
import { checkLogEvidence, type EntryProof } from '#libs/transparency-log';
import { BUNDLE_FORMAT, BundleRejected, verifyBundle } from '#libs/transfers';

const USAGE = 'usage: verify-bundle <bundle.json> --jwks <keys.json>';

function run(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, options: { jwks: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1 || values.jwks === undefined) throw new VerifierInputError(USAGE);
  const bundle = readJson(positionals[0], 'bundle');
  const jwks = parseJwks(readJson(values.jwks, 'key file'));
  if (bundle?.format === BUNDLE_FORMAT) return verifyTransferBundle(bundle, jwks);
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

  if (reasons.length > 0) {
    console.log(`INVALID bundle of ${bundle.batteryId}`);
    for (const reason of reasons) console.log(`  - ${reason}`);
    return 1;
  }
  console.log(
    `VALID bundle of ${bundle.batteryId}: ${events.length} events chained, ${proofs.length} proven in the signed tree of ${bundle.log.checkpoint.treeSize} (${bundle.log.checkpoint.origin})`,
  );
  if (unlogged.length > 0) console.log(`  note: revisions ${unlogged.join(', ')} were not yet in that checkpoint`);
  return 0;
}

/** The receiver's checks; who the transfer is addressed to is the receiver's business, so it is only shown. */
function verifyTransferBundle(bundle: unknown, keys: ReturnType<typeof parseJwks>): number {
  try {
    const verified = verifyBundle(bundle, [{ issuerId: 'jwks', name: 'the --jwks file', keys }]);
    const last = verified.events[verified.events.length - 1]!;
    console.log(
      `VALID bundle of ${verified.batteryId}: ${verified.events.length} events chained and proven in the signed tree of ${verified.checkpoint.treeSize} (${verified.checkpoint.origin}), ${verified.certificates.length} certificate(s) signed`,
    );
    console.log(
      last.type === 'BatteryTransferred'
        ? `  transferred to organisation ${String(last.data.toOrganisationId)} at ${last.occurredAt}`
        : `  note: the last event is ${last.type}, not a transfer: a receiver refuses it (not-transferred)`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BundleRejected)) throw error;
    const [first] = error.errors;
    console.log(`INVALID bundle: ${first!.field}: ${first!.message} (${error.rule})`);
    return 1;
  }
}

runVerifier(run);
