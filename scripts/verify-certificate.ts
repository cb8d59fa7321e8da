/**
 * Offline verifier for reuse certificates: needs only the certificate file and the published
 * key set, no server. Exit 0 valid, 1 invalid (reasons printed), 2 refused: a usage error, or
 * input that is unreadable or could be read two ways (the reason on stderr).
 *
 *   npm run verify-certificate -- cert.json --jwks keys.json [--at 2026-01-01T00:00:00Z]
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseJwks, parseSignedCertificate, verifyOffline, VerifierInputError } from '#libs/certificates';
import { DuplicateKeyError, parseJsonWithUniqueKeys } from '#libs/strict-json';

const USAGE = 'usage: verify-certificate <cert.json> --jwks <keys.json> [--at <ISO 8601 time>]';

function readJson(path: string, what: string): unknown {
  try {
    const bytes = readFileSync(path);
    // Decoding would silently turn invalid bytes into U+FFFD.
    if (!isUtf8(bytes)) throw new Error('not UTF-8 text');
    return parseJsonWithUniqueKeys(bytes.toString('utf8'));
  } catch (error) {
    // A person reading the file sees the first of two equal keys, JSON.parse keeps the last.
    const why = error instanceof DuplicateKeyError ? `; a reader would see the first value and this verifier the last` : '';
    throw new VerifierInputError(`cannot read ${what} ${path}: ${(error as Error).message}${why}`);
  }
}

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

function run(argv: string[]): number {
  const { certPath, jwksPath, at } = parseCommandLine(argv);
  const signed = parseSignedCertificate(readJson(certPath, 'certificate file'));
  const jwks = parseJwks(readJson(jwksPath, 'key file'));
  const result = verifyOffline(signed, jwks, at);
  if (!result.valid) {
    console.log(`INVALID certificate ${result.certificateId} (status ${result.status})`);
    for (const reason of result.reasons) console.log(`  - ${reason}`);
    return 1;
  }
  console.log(`VALID certificate ${result.certificateId}: signature checks under key ${result.keyId}, active at ${at.toISOString()}`);
  if (signed.revocation === null) {
    console.log('  note: revocation is only as current as this file; the verify URL gives the live status');
  }
  return 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  // parseArgs throws TypeErrors with codes for unknown or malformed options: a usage error too.
  const usage = error instanceof VerifierInputError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  console.error(usage ? (error as Error).message : error);
  process.exitCode = 2;
}
