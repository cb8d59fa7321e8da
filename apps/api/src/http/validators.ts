import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { Limit } from '#libs/lifecycle';
import {
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
/** Clock skew tolerated between a client and this server before `occurredAt` counts as future. */
export const FUTURE_TOLERANCE_MS = 5_000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]00:00)$/;

const doc = (required: boolean, options: ApiPropertyOptions) => (required ? ApiProperty(options) : ApiPropertyOptional(options));
const optional = (required: boolean) => (required ? [] : [IsOptional()]);

/** An identifier as the contract defines it: 1–100 of A-Z a-z 0-9 . _ : - */
export function IsId(required = true, example = 'BAT-2024-000123') {
  return applyDecorators(
    ...optional(required),
    IsString(),
    Matches(ID_PATTERN, { message: '$property must be 1-100 characters of A-Z a-z 0-9 . _ : -' }),
    doc(required, { type: String, pattern: ID_PATTERN.source, example }),
  );
}

export function IsText(required: boolean, maxLength: number, example: string) {
  return applyDecorators(
    ...optional(required),
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    doc(required, { type: String, maxLength, example }),
  );
}

export function IsOneOf<T extends string>(values: readonly T[], required: boolean, example: T) {
  return applyDecorators(
    ...optional(required),
    IsIn(values as T[], { message: `$property must be one of: ${values.join(', ')}` }),
    doc(required, { enum: values as T[], example }),
  );
}

/** Decimals a measure may carry: a micro-unit is below any instrument this data comes from. */
export const MAX_DECIMAL_PLACES = 6;

/**
 * Digits after the decimal point of the shortest text that reads back as `value` (what
 * `Number#toString` gives), counting exponent forms in full: 1.5e-9 has 10, 1e21 has none.
 */
export function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = Math.abs(value).toString().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

/**
 * A finite JSON number of at most `maxDecimals` decimals. Replaces class-validator's
 * `IsNumber({maxDecimalPlaces})`, which threw on exponent forms (`1e-7`: a 500) and counted
 * only the digits before the exponent (`1.5e-9` passed as one decimal).
 */
function IsFiniteNumber(maxDecimals: number) {
  return ValidateBy({
    name: 'isFiniteNumber',
    validator: {
      validate: (value) => typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= maxDecimals,
      defaultMessage: (args) => {
        if (typeof args?.value !== 'number' || !Number.isFinite(args.value)) return '$property must be a finite number';
        return maxDecimals === 0 ? '$property must be an integer' : `$property must have at most ${maxDecimals} decimal places`;
      },
    },
  });
}

/** A finite JSON number within [min, max]; strings are rejected, never coerced. */
export function IsMeasure(
  required: boolean,
  min: number,
  max: number,
  example: number,
  options: { exclusiveMin?: boolean; integer?: boolean } = {},
) {
  const decorators = [
    ...optional(required),
    IsFiniteNumber(options.integer ? 0 : MAX_DECIMAL_PLACES),
    Max(max),
    options.exclusiveMin
      ? ValidateBy({
          name: 'exclusiveMin',
          validator: { validate: (v) => typeof v === 'number' && v > min, defaultMessage: () => `$property must be greater than ${min}` },
        })
      : Min(min),
    doc(required, {
      type: options.integer ? 'integer' : 'number',
      minimum: min,
      maximum: max,
      exclusiveMinimum: options.exclusiveMin,
      example,
    }),
  ];
  return applyDecorators(...decorators);
}

function isNotFuture(value: unknown): boolean {
  return typeof value === 'string' && Date.parse(value) <= Date.now() + FUTURE_TOLERANCE_MS;
}

/** When it happened: ISO 8601 UTC, not in the future. */
export function IsOccurredAt(validationOptions?: ValidationOptions) {
  return applyDecorators(
    IsOptional(),
    IsDateString({ strict: true }, { message: '$property must be an ISO 8601 date-time' }),
    Matches(ISO_UTC, { message: '$property must be an ISO 8601 UTC date-time (ending in Z)' }),
    ValidateBy(
      { name: 'notInFuture', validator: { validate: isNotFuture, defaultMessage: () => '$property must not be in the future' } },
      validationOptions,
    ),
    ApiPropertyOptional({
      type: String,
      format: 'date-time',
      example: '2026-11-20T09:30:00Z',
      description: "When it happened (defaults to now); not in the future, nor before the battery's manufacturingDate.",
    }),
  );
}

/** A measure within its domain limit (libs/lifecycle limits.ts): the same figures in the check and in OpenAPI. */
export function IsWithin(required: boolean, { min, max, exclusiveMin, integer }: Limit, example: number) {
  return IsMeasure(required, min, max, example, { exclusiveMin, integer });
}
