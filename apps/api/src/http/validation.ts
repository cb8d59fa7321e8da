import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { badRequest, type FieldError } from './problem.js';

/** Flattens class-validator's tree into dotted paths from the body root (`tests.0.name`). */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? 'unknown field' : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Strict on purpose: unknown fields are rejected rather than dropped, and nothing is coerced
 * (a string "86" is not a number), so a client bug surfaces as a 400 instead of a silent write.
 */
/** In a `u` regex a well-formed surrogate pair is one code point, so only unpaired halves match. */
const UNSTORABLE = /\u0000|\p{Surrogate}/u;

/** PostgreSQL cannot store U+0000 or unpaired surrogates in text or jsonb: refuse them up front. */
export function unstorableTextPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || 'body' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (UNSTORABLE.test(key)) return childPath;
    const found = unstorableTextPath(child, childPath);
    if (found) return found;
  }
  return undefined;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw badRequest('request body must be a JSON object', [{ field: 'body', message: 'must be a JSON object' }]);
      }
      const field = unstorableTextPath(value);
      if (field)
        throw badRequest(`${field} contains a NUL character or an unpaired surrogate`, [
          { field, message: 'must not contain U+0000 or unpaired surrogates' },
        ]);
    }
    return super.transform(value, metadata);
  }
}

export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false, exposeDefaultValues: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const summary = fields
        .slice(0, 3)
        .map((e) => `${e.field}: ${e.message}`)
        .join('; ');
      return badRequest(`request body is invalid (${summary}${fields.length > 3 ? '; …' : ''})`, fields);
    },
  });
}
