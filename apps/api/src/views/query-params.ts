import { badRequest, type FieldError } from '../http/problem.js';

/**
 * Query strings of the read routes. Parameters are checked as text and never coerced; an
 * unknown one is a 400 too, because a misspelt filter silently ignored would answer a different
 * question than the one asked.
 */
export class QueryParams {
  readonly errors: FieldError[] = [];

  constructor(
    private readonly raw: Record<string, unknown>,
    known: readonly string[],
  ) {
    for (const name of Object.keys(raw)) {
      if (!known.includes(name)) this.errors.push({ field: name, message: `unknown query parameter (known: ${known.join(', ')})` });
    }
  }

  /** A single occurrence matching `pattern`; repeated or malformed values are reported. */
  text(name: string, pattern: RegExp, message: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && pattern.test(value)) return value;
    this.errors.push({ field: name, message });
    return undefined;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    this.errors.push({ field: name, message: `must be one of: ${values.join(', ')}` });
    return undefined;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const text = this.text(name, /^\d{1,10}$/, `must be an integer from ${min} to ${max}`);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (value >= min && value <= max) return value;
    this.errors.push({ field: name, message: `must be an integer from ${min} to ${max}` });
    return undefined;
  }

  /** `?minPosition=`: a position a command returned, decimal digits only. */
  minPosition(): string | undefined {
    // 39 digits hold any store's position: KurrentDB's are commit × 2^64 + prepare, both 64-bit.
    return this.text('minPosition', /^\d{1,39}$/, 'must be a position returned by a command (decimal digits)');
  }

  /** Throws the 400 listing every bad parameter, or returns when there is none. */
  check(what: string): void {
    if (this.errors.length === 0) return;
    throw badRequest(`invalid ${what} query (${this.errors.map((e) => `${e.field}: ${e.message}`).join('; ')})`, this.errors);
  }
}
