/**
 * `cellpath verify certificate`: the offline verifier for reuse certificates. Needs only the
 * certificate file and the published key set, no server. Exit 0 valid, 1 invalid (reasons
 * printed), 2 refused: a usage error, or input that is unreadable or could be read two ways (the
 * reason on stderr). When the file is a verify response with `log`, the anchor's inclusion proof
 * and the checkpoint's signature are checked too (docs/audit.md).
 */
import { parseJwks, parseSignedCertificate, verifyOffline, type Jwks } from '#libs/certificates';
import { checkLogEvidence } from '#libs/transparency-log';
import { EXIT } from '../outcome.js';
import { report } from '../program-parts.js';
import { readJson } from '../read-json.js';

/** The transparency-log part of a verify response: the anchor must be the certificate's, in a signed tree. */
function logReasons(json: unknown, jwks: Jwks): { reasons: string[]; note: string } {
  const { certificate, log, problem } = json as { certificate: Record<string, unknown>; log?: any; problem?: unknown };
  const reasons = problem === undefined || problem === null ? [] : [`server reports ${String(problem)}`];
  if (log === undefined || log === null) return { reasons, note: 'no transparency-log proof in this file (the anchor was not yet logged)' };
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
    note: `log: anchor is leaf ${log.inclusion?.leafIndex} of the signed tree of ${log.checkpoint?.treeSize} (${log.checkpoint?.origin})`,
  };
}

export function verifyCertificate(certPath: string, options: { jwks: string; at?: Date; json?: boolean }): number {
  const at = options.at ?? new Date();
  const json = readJson(certPath, 'certificate file');
  const signed = parseSignedCertificate(json);
  const jwks = parseJwks(readJson(options.jwks, 'key file'));
  const result = verifyOffline(signed, jwks, at);
  const logged = logReasons(json, jwks);
  result.reasons.push(...logged.reasons);
  result.valid &&= logged.reasons.length === 0;
  const notes = result.valid ? [logged.note] : [];
  if (result.valid && signed.revocation === null)
    notes.push('revocation is only as current as this file; the verify URL gives the live status');
  report(options.json, { ...result, at: at.toISOString(), notes }, () =>
    result.valid
      ? [
          `VALID certificate ${result.certificateId}: signature checks under key ${result.keyId}, active at ${at.toISOString()}`,
          ...notes.map((note) => `  ${note.startsWith('log:') ? '' : 'note: '}${note}`),
        ]
      : [`INVALID certificate ${result.certificateId} (status ${result.status})`, ...result.reasons.map((reason) => `  - ${reason}`)],
  );
  return result.valid ? EXIT.ok : EXIT.failed;
}
