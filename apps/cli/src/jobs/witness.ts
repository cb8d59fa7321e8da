/**
 * `cellpath witness`: a witness of the store-wide transparency log, for a regulator or insurer to run from cron:
 * fetches the checkpoint, checks its signature against the pinned key set, asks for a consistency
 * proof from the last checkpoint it kept, and appends the new one to its state file.
 * Exit 0 consistent (state updated), 1 inconsistent or unverifiable (reason printed, state left
 * as it was), 2 usage or unreadable state.
 *
 * First run: the key set given by --jwks is pinned; without --jwks it is fetched once from the
 * server and pinned (check its key ids out of band). Later runs use the pinned set; after a key
 * rotation (a checkpoint under a key it lacks fails), `--jwks` with the new set adds its keys to
 * the pinned ones, which stay, so the checkpoints kept under a retired key can still be checked.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseJwks, VerifierInputError, type Jwks } from '#libs/certificates';
import { hashFromHex, verifyCheckpoint, verifyConsistency, type SignedCheckpoint } from '#libs/transparency-log';
import { EXIT } from '../outcome.js';
import { readJson } from '../read-json.js';

interface WitnessState {
  url: string;
  jwks: Jwks;
  checkpoints: SignedCheckpoint[];
}

/** Inconsistent or unverifiable: exit 1. */
class WitnessFailure extends Error {}

function readState(path: string): WitnessState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VerifierInputError(`cannot read state ${path}: ${(error as Error).message}`);
  }
  try {
    const state = JSON.parse(text) as WitnessState;
    return { ...state, jwks: parseJwks(state.jwks) };
  } catch (error) {
    throw new VerifierInputError(`state ${path} is not a witness state file: ${(error as Error).message}`);
  }
}

/** Written aside and renamed, so a crash never leaves half a state file. */
function writeState(path: string, state: WitnessState): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

async function getJson(url: string): Promise<any> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new WitnessFailure(`cannot reach ${url}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => undefined)) as any;
  if (!response.ok) throw new WitnessFailure(`${url} answered ${response.status}: ${body?.detail ?? ''}`);
  return body;
}

/** The pinned keys plus those of `added` not pinned yet (a kid is its key's thumbprint: one kid, one key). */
function pinning(pinned: Jwks | undefined, added: Jwks | undefined): { jwks: Jwks; added: string[] } {
  const known = new Set(pinned?.keys.map((key) => key.kid));
  const fresh = (added?.keys ?? []).filter((key) => !known.has(key.kid));
  return { jwks: { keys: [...(pinned?.keys ?? []), ...fresh] }, added: pinned === undefined ? [] : fresh.map((key) => key.kid) };
}

async function witness(url: string, statePath: string, jwksPath: string | undefined): Promise<string> {
  const base = url.replace(/\/+$/, '');
  const kept = readState(statePath);
  const given = jwksPath === undefined ? undefined : parseJwks(readJson(jwksPath, 'key file'));
  const { jwks, added } = pinning(kept?.jwks, given ?? (kept ? undefined : parseJwks(await getJson(`${base}/api/v1/certificates/keys`))));
  const checkpoint = (await getJson(`${base}/api/v1/log/checkpoint`)) as SignedCheckpoint;
  const signature = verifyCheckpoint(checkpoint, jwks);
  if (!signature.valid) throw new WitnessFailure(`checkpoint signature: ${signature.reason}`);
  const last = kept?.checkpoints.at(-1);
  if (last !== undefined) {
    if (checkpoint.origin !== last.origin) throw new WitnessFailure(`origin changed from ${last.origin} to ${checkpoint.origin}`);
    if (checkpoint.treeSize < last.treeSize)
      throw new WitnessFailure(`the log shrank from ${last.treeSize} to ${checkpoint.treeSize} leaves`);
    if (checkpoint.treeSize === last.treeSize && checkpoint.rootHash !== last.rootHash) {
      throw new WitnessFailure(`two different roots signed for ${last.treeSize} leaves: ${last.rootHash} and ${checkpoint.rootHash}`);
    }
    // A consistency proof from the empty tree proves nothing (and the API refuses it).
    if (checkpoint.treeSize > last.treeSize && last.treeSize > 0) {
      const { proof } = await getJson(`${base}/api/v1/log/proofs/consistency?from=${last.treeSize}&to=${checkpoint.treeSize}`);
      try {
        verifyConsistency(
          last.treeSize,
          checkpoint.treeSize,
          (proof as string[]).map((hex, i) => hashFromHex(hex, `proof.${i}`)),
          hashFromHex(last.rootHash, 'kept root'),
          hashFromHex(checkpoint.rootHash, 'new root'),
        );
      } catch (error) {
        throw new WitnessFailure(
          `the log of ${checkpoint.treeSize} leaves does not extend the kept one of ${last.treeSize}: ${(error as Error).message}`,
        );
      }
    }
  }
  writeState(statePath, { url: base, jwks, checkpoints: [...(kept?.checkpoints ?? []), checkpoint] });
  return last === undefined
    ? `OK first checkpoint kept: ${checkpoint.treeSize} leaves, root ${checkpoint.rootHash} (${checkpoint.origin}); pinned keys ${jwks.keys.map((k) => k.kid).join(', ')}`
    : `OK ${last.treeSize} -> ${checkpoint.treeSize} leaves consistent, root ${checkpoint.rootHash} (${checkpoint.origin})${added.length > 0 ? `; pinned keys added ${added.join(', ')}` : ''}`;
}

export async function runWitness(options: { url: string; state: string; jwks?: string }): Promise<number> {
  try {
    console.log(await witness(options.url, options.state, options.jwks));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof WitnessFailure)) throw error;
    console.log(`FAIL ${error.message}`);
    return EXIT.failed;
  }
}
