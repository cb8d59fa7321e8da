import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { isJsonObject } from './document-paths.js';
import { BATTERYPASS_PARTS, type PassportFieldError, type StandardFormat } from './formats.js';
import { readPassportSchemas, type PassportSchemaSet } from './schema-files.js';

/**
 * This library's copy of shared/schemas, found by walking up from this module so the same lookup
 * works from source (Jest) and from dist/ (the image copies libs/passport/schemas beside dist).
 */
export function bundledSchemaDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, 'libs', 'passport', 'schemas');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) throw new Error('libs/passport/schemas not found above this module');
    directory = parent;
  }
}

/** ajv's `/a/0/b` pointer as the contract's dotted `a.0.b`, with `~1`/`~0` unescaped. */
function dotted(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fieldError(prefix: readonly string[], error: ErrorObject): PassportFieldError {
  const path = [...prefix, ...dotted(error.instancePath)];
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { field: [...path, missing].join('.'), message: 'is required and missing' };
  }
  return { field: path.join('.'), message: error.message ?? `fails ${error.keyword}` };
}

/**
 * Validates passport documents against the published schemas (draft-04, hence ajv-draft-04).
 * Every error is reported (allErrors), so a completeness report names each missing path at once.
 */
export class PassportSchemas {
  private constructor(
    private readonly catenax: ValidateFunction,
    private readonly batterypass: Record<string, ValidateFunction>,
  ) {}

  static fromDirectory(directory: string = bundledSchemaDirectory()): PassportSchemas {
    return PassportSchemas.fromSchemas(readPassportSchemas(directory));
  }

  static fromSchemas(schemas: PassportSchemaSet): PassportSchemas {
    // Both packages are CommonJS: under Node's ESM the class and plugin are their `default`.
    // strict off: the generated schemas carry vendor keywords (x-samm-aspect-model-urn).
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const batterypass = Object.fromEntries(BATTERYPASS_PARTS.map((part) => [part, ajv.compile(schemas.batterypass[part])]));
    return new PassportSchemas(ajv.compile(schemas.catenax), batterypass);
  }

  /** Errors of `document` in `format`, fields prefixed by `prefix` (e.g. `document` for a request body). */
  validate(format: StandardFormat, document: unknown, prefix: readonly string[] = []): PassportFieldError[] {
    if (format === 'catenax-6.1.0') return this.errorsOf(this.catenax, document, prefix);
    if (!isJsonObject(document))
      return [{ field: prefix.join('.') || '$', message: 'must be an object keyed by the BatteryPass schema names' }];
    const unknown = Object.keys(document)
      .filter((key) => !(BATTERYPASS_PARTS as readonly string[]).includes(key))
      .map((key) => ({
        field: [...prefix, key].join('.'),
        message: `is not a BatteryPass 1.2 schema name (${BATTERYPASS_PARTS.join(', ')})`,
      }));
    const parts = BATTERYPASS_PARTS.flatMap((part) =>
      part in document
        ? this.errorsOf(this.batterypass[part]!, document[part], [...prefix, part])
        : [{ field: [...prefix, part].join('.'), message: 'is required and missing' }],
    );
    return [...unknown, ...parts];
  }

  private errorsOf(validate: ValidateFunction, document: unknown, prefix: readonly string[]): PassportFieldError[] {
    if (validate(document)) return [];
    return (validate.errors ?? []).map((error) => fieldError(prefix, error));
  }
}

let bundled: PassportSchemas | undefined;

/** This library's copy, compiled once per process on first use (about a second for Catena-X). */
export function bundledPassportSchemas(): PassportSchemas {
  return (bundled ??= PassportSchemas.fromDirectory());
}
