import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassportSchemas } from '../src/index.js';

/**
 * The project's shared folder (`../shared` from the repository root), overridable for a checkout
 * elsewhere. Tests validate against the schemas there, never this library's copy, so an edit of
 * the copy cannot make them pass.
 */
export const SHARED_DIR = process.env.CELLPATH_SHARED_DIR ?? fileURLToPath(new URL('../../../../shared/', import.meta.url));
export const SHARED_SCHEMAS_DIR = join(SHARED_DIR, 'schemas');

let schemas: PassportSchemas | undefined;
/** Compiled once per test file: the Catena-X schema alone is 190 KB. */
export function sharedSchemas(): PassportSchemas {
  return (schemas ??= PassportSchemas.fromDirectory(SHARED_SCHEMAS_DIR));
}

/** The Catena-X 6.1.0 sample payload published with the schema (it validates). */
export function catenaxSample(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SHARED_SCHEMAS_DIR, 'catenax-battery-pass-6.1.0', 'BatteryPass-sample.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}
