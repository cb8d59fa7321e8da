import type { Actor, EventMetadata } from '#libs/event-store';
import { ProblemException } from '../http/problem.js';

/** Everything about the HTTP request that a command needs besides its body. */
export interface RequestContext {
  actor: Actor;
  /** The sites the key may write at (see auth/site-scope.ts); undefined: any. */
  siteScope?: readonly string[];
  requestId: string;
  /** Expected revision of the addressed stream, from `If-Match: "<revision>"`. */
  ifMatch?: number;
  idempotency?: { key: string; requestHash: string };
  now: string;
}

const IF_MATCH = /^(?:W\/)?"(\d{1,15})"$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? IF_MATCH.exec(header.trim()) : null;
  if (!match) {
    throw new ProblemException(400, 'validation', 'If-Match must be a revision in quotes, e.g. "3"', {
      errors: [{ field: 'If-Match', message: 'must look like "<revision>"' }],
    });
  }
  return Number(match[1]);
}

export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw new ProblemException(400, 'validation', 'Idempotency-Key must be 1-255 visible ASCII characters', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }],
    });
  }
  return header;
}

/** Who caused the events of this request; the domain adds occurredAt and schemaVersion. */
export function eventMetadata(ctx: RequestContext): Omit<EventMetadata, 'occurredAt' | 'schemaVersion'> {
  return { actor: ctx.actor, correlationId: ctx.requestId, causationId: ctx.requestId };
}
