import { badRequest, type FieldError } from '../http/problem.js';

export const HISTORY_PAGE_DEFAULT = 100;
export const HISTORY_PAGE_MAX = 1000;
/** Revisions are int4 in the SQL store. */
const MAX_REVISION = 2_147_483_647;

export type HistoryRequest = { format: 'page'; fromRevision: number; limit: number } | { format: 'bundle' };

export interface HistoryQuery {
  fromRevision: unknown;
  limit: unknown;
  format: unknown;
}

/** Query strings arrive as text: only plain decimal digits count, so `1e3`, `+5` or `5.0` are 400, never coerced. */
function integerIn(raw: unknown, field: string, min: number, max: number, errors: FieldError[]): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (value >= min && value <= max) return value;
  errors.push({ field, message: `must be an integer from ${min} to ${max}` });
  return undefined;
}

/** `?fromRevision=&limit=` pages the history; `?format=bundle` is the whole record, so it takes neither. */
export function parseHistoryRequest({ fromRevision, limit, format }: HistoryQuery): HistoryRequest {
  const errors: FieldError[] = [];
  if (format !== undefined && format !== 'bundle') errors.push({ field: 'format', message: 'must be bundle, or absent for a page' });
  if (format === 'bundle') {
    for (const [field, value] of Object.entries({ fromRevision, limit })) {
      if (value !== undefined) errors.push({ field, message: 'not allowed with format=bundle: a bundle holds the whole history' });
    }
  }
  const from = integerIn(fromRevision, 'fromRevision', 0, MAX_REVISION, errors);
  const size = integerIn(limit, 'limit', 1, HISTORY_PAGE_MAX, errors);
  if (errors.length > 0) throw badRequest(`invalid history query (${errors.map((e) => `${e.field}: ${e.message}`).join('; ')})`, errors);
  return format === 'bundle' ? { format } : { format: 'page', fromRevision: from ?? 0, limit: size ?? HISTORY_PAGE_DEFAULT };
}
