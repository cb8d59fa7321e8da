import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { VerifierInputError } from '#libs/certificates';
import { DuplicateKeyError, parseJsonWithUniqueKeys } from '#libs/strict-json';

/** A JSON file read one way only: UTF-8 (decoding would silently turn invalid bytes into U+FFFD) with no member named twice. */
export function readJson(path: string, what: string): any {
  try {
    const bytes = readFileSync(path);
    if (!isUtf8(bytes)) throw new Error('not UTF-8 text');
    return parseJsonWithUniqueKeys(bytes.toString('utf8'));
  } catch (error) {
    // A person reading the file sees the first of two equal keys, JSON.parse keeps the last.
    const why = error instanceof DuplicateKeyError ? `; a reader would see the first value and this verifier the last` : '';
    throw new VerifierInputError(`cannot read ${what} ${path}: ${(error as Error).message}${why}`);
  }
}
