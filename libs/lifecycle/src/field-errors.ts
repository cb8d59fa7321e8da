import { InvalidCommand, type FieldError } from './errors.js';
import { isAfter, normalizeInstant } from './time.js';
import type { Limit } from './limits.js';
import { ID_PATTERN } from './value-sets.js';

/** Collects every problem of a command body so a client learns them all in one 400. */
export class FieldErrors {
  private readonly errors: FieldError[] = [];

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  id(field: string, value: string | undefined): void {
    if (value !== undefined && !ID_PATTERN.test(value)) {
      this.add(field, 'must be 1–100 characters of A-Z a-z 0-9 . _ : -');
    }
  }

  /** Present strings must say something: a blank `reason` or `recycler` records nothing. */
  text(field: string, value: string | undefined): void {
    if (value !== undefined && value.trim() === '') this.add(field, 'must not be blank');
  }

  unique(field: string, values: readonly string[] | undefined): void {
    if (values !== undefined && new Set(values).size !== values.length) this.add(field, 'must not repeat a value');
  }

  /** Within a declared limit (limits.ts); `undefined` passes (optional fields). */
  within(field: string, value: number | undefined, { min, max, exclusiveMin = false, integer = false }: Limit): void {
    if (value === undefined) return;
    if (integer) this.integer(field, value, exclusiveMin ? min + 1 : min, max);
    else if (exclusiveMin && Number.isFinite(value) && value <= min) this.add(field, `must be greater than ${min} and at most ${max}`);
    else this.range(field, value, min, max);
  }

  /** Finite and within [min, max]; `undefined` passes (optional fields). */
  private range(field: string, value: number | undefined, min: number, max = Infinity): void {
    if (value === undefined) return;
    if (!Number.isFinite(value)) this.add(field, 'must be a finite number');
    else if (value < min || value > max) {
      this.add(field, max === Infinity ? `must be at least ${min}` : `must be between ${min} and ${max}`);
    }
  }

  private integer(field: string, value: number | undefined, min: number, max = Infinity): void {
    if (value === undefined) return;
    if (!Number.isInteger(value)) this.add(field, 'must be an integer');
    else this.range(field, value, min, max);
  }

  /** Validates a client-supplied `occurredAt` and returns the one the event records. */
  occurredAt(value: string | undefined, now: string): string {
    if (value === undefined) return now;
    const instant = normalizeInstant(value);
    if (instant === null) {
      this.add('occurredAt', 'must be an ISO 8601 date-time with a time zone');
      return now;
    }
    if (isAfter(instant, now)) this.add('occurredAt', 'must not be in the future');
    return instant;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new InvalidCommand(this.errors);
  }
}
