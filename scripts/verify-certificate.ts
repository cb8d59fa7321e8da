/**
 * Offline verifier for reuse certificates: needs only the certificate file and the published
 * key set, no server. Exit 0 valid, 1 invalid (reasons printed), 2 refused: a usage error, or
 * input that is unreadable or could be read two ways (the reason on stderr).
 * When the file is a verify response with `log`, the anchor's inclusion proof and the
 * checkpoint's signature are checked too (docs/audit.md).
 *
 *   npm run verify-certificate -- cert.json --jwks keys.json [--at 2026-01-01T00:00:00Z]
 */
import { parseArgs } from 'node:util';
import { readJson, runVerifier } from './verifier-cli.js';
import { parseJwks, parseSignedCertificate, verifyOffline, VerifierInputError, type Jwks } from '#libs/certificates';
import { checkLogEvidence } from '#libs/transparency-log';

const USAGE = 'usage: verify-certificate <cert.json> --jwks <keys.json> [--at <ISO 8601 time>]';

function parseCommandLine(argv: string[]): { certPath: string; jwksPath: string; at: Date } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { jwks: { type: 'string' }, at: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || values.jwks === undefined) throw new VerifierInputError(USAGE);
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new VerifierInputError(`--at is not a valid time: ${values.at}`);
  return { certPath: positionals[0], jwksPath: values.jwks, at };
}

/** The transparency-log part of a verify response: the anchor must be the certificate's, in a signed tree. */
function logReasons(json: unknown, jwks: Jwks): { reasons: string[]; note: string } {
  const { certificate, log, problem } = json as { certificate: Record<string, unknown>; log?: any; problem?: unknown };
  const reasons = problem === undefined || problem === null ? [] : [`server reports ${String(problem)}`];
  if (log === undefined || log === null)
    return { reasons, note: '  note: no transparency-log proof in this file (the anchor was not yet logged)' };
  const entry = log.entry ?? {};
  if (
    entry.streamId !== certificate.batteryId ||
    entry.revision !== certificate.batteryRevision ||
    entry.hash !== certificate.historyHash
  ) {
    reasons.push("log: the logged entry is not the certificate's anchor (batteryId, batteryRevision, historyHash)");
  }
  reasons.push(...checkLogEvidence(log.checkpoint, [{ entry, ...log.inclusion }], jwks).map((reason) => `log: ${reason}`));
  return {
    reasons,
    note: `  log: anchor is leaf ${log.inclusion?.leafIndex} of the signed tree of ${log.checkpoint?.treeSize} (${log.checkpoint?.origin})`,
  };
}

function run(argv: string[]): number {
  const { certPath, jwksPath, at } = parseCommandLine(argv);
  const json = readJson(certPath, 'certificate file');
  const signed = parseSignedCertificate(json);
  const jwks = parseJwks(readJson(jwksPath, 'key file'));
  const result = verifyOffline(signed, jwks, at);
  const logged = logReasons(json, jwks);
  result.reasons.push(...logged.reasons);
  result.valid &&= logged.reasons.length === 0;
  if (!result.valid) {
    console.log(`INVALID certificate ${result.certificateId} (status ${result.status})`);
    for (const reason of result.reasons) console.log(`  - ${reason}`);
    return 1;
  }
  console.log(`VALID certificate ${result.certificateId}: signature checks under key ${result.keyId}, active at ${at.toISOString()}`);
  console.log(logged.note);
  if (signed.revocation === null) {
    console.log('  note: revocation is only as current as this file; the verify URL gives the live status');
  }
  return 0;
}

runVerifier(run);
