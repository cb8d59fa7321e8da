import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalJson,
  jwkThumbprint,
  parseJwks,
  parseSignedCertificate,
  signatureFingerprint,
  SigningKeyRing,
  verificationResult,
  verifyOffline,
  type CertificateDocument,
  type CertificateSignature,
} from '../src/index.js';
import { sampleCertificate, temporaryDataDir } from './certificate-fixtures.js';
import { REPO_ROOT } from './cli-build.js';

/** Fenced blocks of docs/certificates.md named in their info string: ```json cert.json */
function namedBlocks(): Map<string, string> {
  const markdown = readFileSync(join(REPO_ROOT, 'docs/certificates.md'), 'utf8');
  return new Map([...markdown.matchAll(/^```\w+ ([\w.]+)\n([\s\S]*?)\n```$/gm)].map(([, name, body]) => [name, body]));
}

function toolsMissing(): string | undefined {
  const missing = ['python3', 'openssl'].filter((tool) => spawnSync(tool, ['--version']).error);
  return missing.length ? `skipped: ${missing.join(' and ')} not installed` : undefined;
}

/** Runs the doc's shell recipe, as written, in a directory holding cert.json and keys.json. */
function runRecipe(recipe: string, certJson: string, keysJson: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cellpath-recipe-'));
  writeFileSync(join(dir, 'cert.json'), certJson);
  writeFileSync(join(dir, 'keys.json'), keysJson);
  const result = spawnSync('bash', ['-e', '-c', recipe], { cwd: dir, encoding: 'utf8' });
  const fingerprint = spawnSync('bash', ['-c', 'openssl dgst -sha256 -r sig.bin | cut -c1-16'], { cwd: dir, encoding: 'utf8' });
  return { ...result, fingerprint: fingerprint.stdout.trim() };
}

describe('docs/certificates.md worked example', () => {
  const blocks = namedBlocks();
  const certJson = blocks.get('cert.json')!;
  const keysJson = blocks.get('keys.json')!;
  const recipe = blocks.get('recipe')!;

  it('has the example files and the recipe', () => {
    expect([...blocks.keys()].sort()).toEqual(['cert.jcs', 'cert.json', 'keys.json', 'recipe']);
  });

  it('is real output: the example verifies, its JCS is the one shown, its kid is the thumbprint', () => {
    const response = JSON.parse(certJson) as { certificate: CertificateDocument; signature: CertificateSignature };
    const jwks = parseJwks(JSON.parse(keysJson));
    const now = new Date('2026-01-01T00:00:00Z');
    expect(verificationResult({ ...response, revocation: null, jwks, now })).toEqual(JSON.parse(certJson));
    expect(canonicalJson(response.certificate)).toBe(blocks.get('cert.jcs'));
    expect(jwks.keys[0].kid).toBe(jwkThumbprint(jwks.keys[0].x));
    expect(verifyOffline(parseSignedCertificate(response), jwks, now).valid).toBe(true);
  });

  it('runs the openssl recipe literally: example and fresh certificates verify, a tampered one fails', async () => {
    const skip = toolsMissing();
    if (skip) return console.log(skip);

    const example = runRecipe(recipe, certJson, keysJson);
    expect(example.stdout.trim()).toBe('Signature Verified Successfully');
    expect(example.status).toBe(0);
    const response = JSON.parse(certJson) as { signature: CertificateSignature };
    expect(example.fingerprint).toBe(signatureFingerprint(response.signature));

    const ring = await SigningKeyRing.load({ dataDir: temporaryDataDir() });
    const certificate = sampleCertificate();
    const signature = ring.sign(certificate);
    const fresh = JSON.stringify({ valid: true, status: 'active', certificate, signature, revocation: null }, null, 2);
    const keys = JSON.stringify(await ring.jwks(), null, 2);
    expect(runRecipe(recipe, fresh, keys)).toMatchObject({ status: 0, stdout: 'Signature Verified Successfully\n' });

    const tampered = fresh.replace('"grade": "A"', '"grade": "B"');
    expect(tampered).not.toBe(fresh);
    const refused = runRecipe(recipe, tampered, keys);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('Signature Verification Failure');
  });
});
