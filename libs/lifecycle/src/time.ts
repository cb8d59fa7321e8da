/** Pure time arithmetic on ISO 8601 strings; the current time always comes in from the caller. */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Canonical UTC form (`2025-01-31T09:00:00.000Z`) of an ISO 8601 instant, or null when not one. */
export function normalizeInstant(value: string): string | null {
  // Date.parse rolls Feb 30 over into March, so the calendar date is checked on its own.
  if (!ISO_INSTANT.test(value) || !isCalendarDate(value.slice(0, 10))) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `now` is trusted input from the caller's clock, so a bad one is a programming error. */
export function requireInstant(value: string, what: string): string {
  const instant = normalizeInstant(value);
  if (instant === null) throw new TypeError(`${what} must be an ISO 8601 instant, got ${JSON.stringify(value)}`);
  return instant;
}

export function isAfter(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

/**
 * Calendar months later, in UTC. A day that does not exist in the target month falls back to
 * that month's last day (Jan 31 + 1 month = Feb 28/29), rather than spilling into the next month.
 */
export function addMonths(instant: string, months: number): string {
  const from = new Date(instant);
  const target = new Date(from.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(from.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target.toISOString();
}

/** A real `YYYY-MM-DD` calendar date (no Feb 30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
