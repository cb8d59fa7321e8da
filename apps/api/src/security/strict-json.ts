import { isUtf8 } from 'node:buffer';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { findDuplicateKey } from '#libs/strict-json';
import { badRequest, ProblemException } from '../http/problem.js';

/**
 * The deepest body the contract defines is 3 levels (`tests.0.name`). Far deeper ones only
 * serve to exhaust the stack of the recursive transformers and validators behind the parser.
 */
export const MAX_BODY_NESTING = 16;

/**
 * Keys naming a member of Object.prototype, and `prototype`. No body field is called that, and
 * the DTO layer silently drops them (class-transformer skips them, so class-validator's check
 * for unknown fields never sees them) where the contract wants 400 for any unknown field.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Scans the raw text, so a hostile depth is refused before any recursive code sees it. */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The first member a request body may not hold, with its dotted path: a key naming an
 * Object.prototype member or `prototype`, or a null. No request field takes null (an optional
 * field is left out), and class-validator's IsOptional lets null through to code that expects
 * a value.
 */
export function refusedMember(value: unknown, path = '', nullsAllowed = false): { field: string; message: string } | undefined {
  if (value === null && !nullsAllowed) return { field: path || 'body', message: 'must not be null (leave an optional field out)' };
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return { field, message: 'unknown field' };
    const found = refusedMember(child, field, nullsAllowed);
    if (found) return found;
  }
  return undefined;
}

/**
 * Bodies that carry another server's documents verbatim: a bundle's history holds nulls by the
 * hash recipe (the first `previousHash`, an `actor`, a `revocation`), and its verification, not
 * the DTO layer, reads them.
 */
const VERBATIM_BODY_PATHS = new Set(['/api/v1/imports']);

function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match?.[1]!.toLowerCase();
}

const unsupported = (detail: string) => new ProblemException(415, 'unsupported-media-type', detail);

/**
 * Replaces the JSON parser Nest would register with one that refuses, before parsing: another
 * charset than UTF-8 (415), bytes that are not UTF-8 (400: Node would silently turn them into
 * U+FFFD and store that), and nesting deeper than {@link MAX_BODY_NESTING} (400). After parsing
 * (Fastify's own parser, which refuses `__proto__` and `constructor.prototype`) it refuses a
 * member named twice (JSON.parse keeps the last, a reader the first), keys naming
 * Object.prototype members or `prototype`, and null values (400). Form bodies, which
 * Nest would accept and which browsers send cross-origin without a preflight, are refused (415).
 * Must be called before `app.init()`, which registers Nest's parsers for the types not taken.
 */
export function installStrictBodyParsers(app: NestFastifyApplication): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(unsupported(`request bodies must be UTF-8 JSON, not charset ${charset}`), undefined);
    }
    if (!isUtf8(body)) {
      return done(badRequest('request body is not valid UTF-8', [{ field: 'body', message: 'must be UTF-8' }]), undefined);
    }
    const text = body.toString('utf8');
    if (nestingExceeds(text, MAX_BODY_NESTING)) {
      const message = `must not nest deeper than ${MAX_BODY_NESTING} levels`;
      return done(badRequest(`request body ${message}`, [{ field: 'body', message }]), undefined);
    }
    parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const duplicate = findDuplicateKey(text);
      if (duplicate) {
        const field = { field: duplicate.path, message: 'named twice (which value is meant?)' };
        return done(badRequest(`request body names ${duplicate.path} twice`, [field]), undefined);
      }
      const refused = refusedMember(value, '', VERBATIM_BODY_PATHS.has(request.url.split('?')[0]!));
      if (refused) return done(badRequest(`request body is invalid (${refused.field}: ${refused.message})`, [refused]), undefined);
      done(null, value);
    });
  });
  app.useBodyParser('application/x-www-form-urlencoded', {}, (_request, _body, done) => {
    done(unsupported('request bodies must be application/json'), undefined);
  });
}
