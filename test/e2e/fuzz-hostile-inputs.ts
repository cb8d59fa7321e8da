import fc from 'fast-check';
import { SECRETS, type TestRole } from './support/api-harness.js';

/**
 * Hostile variations of a valid command request. Every variation is invalid by construction
 * (a wrong type, a limit exceeded, bytes that are not UTF-8, a missing required field …), so a
 * 2xx answer means the API accepted bad input: the fuzz suite fails on it just as on a 5xx.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

export interface FuzzEndpoint {
  route: string;
  role: TestRole;
  /** A role the route refuses (403). */
  forbiddenRole: TestRole;
  /** The URL for a path id (the command's battery, certificate or projection). */
  path(id: string): string;
  /** A valid, existing path id; undefined for routes without one. */
  id?: string;
  /** A valid body: the command would succeed with it. */
  base?: () => Record<string, Json>;
  required?: string[];
  /** Numeric fields that must be greater than zero, where -0 is invalid. */
  positive?: string[];
  /** Whether the route reads If-Match and Idempotency-Key (command routes do). */
  commandHeaders: boolean;
}

export interface HostileRequest {
  family: string;
  path: string;
  /** Sent as is; `authorization` replaces the endpoint role's key. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Every body field name of the contract: an "unknown" key must not be one of them. */
const FIELD_NAMES = new Set(
  (
    'siteId name zones zone kind capacity batteryId level category chemistry manufacturer model manufacturingDate massKg ' +
    'ratedCapacityAh ratedEnergyKWh nominalVoltageV serialNumber manufacturingPlace parentBatteryId predecessorIds materials ' +
    'lithiumKg cobaltKg nickelKg manganeseKg copperKg aluminiumKg graphiteKg source hazardClass stateOfChargePct occurredAt notes ' +
    'method stateOfHealthPct remainingCapacityAh visualInspection remainingEnergyKWh internalResistanceMOhm selfDischargePctPerMonth ' +
    'cellVoltageSpreadMV insulationResistanceMOhm numberOfFullCycles negativeEvents slot reason tests result value unit verdict ' +
    'standard applications validMonths application operatorName successorBatteryId recycler process inputMassKg recovered ' +
    'blackMassKg eventId'
  ).split(' '),
);

/** A body as JSON text in which placeholders (string values or keys) are replaced by raw bytes. */
interface RawBody {
  value: Json;
  splices: { placeholder: string; raw: Buffer }[];
}

function encode({ value, splices }: RawBody): Buffer {
  let parts: Buffer[] = [Buffer.from(JSON.stringify(value))];
  for (const { placeholder, raw } of splices) {
    const quoted = Buffer.from(JSON.stringify(placeholder));
    parts = parts.flatMap((part) => {
      const at = part.indexOf(quoted);
      return at < 0 ? [part] : [part.subarray(0, at), raw, part.subarray(at + quoted.length)];
    });
  }
  return Buffer.concat(parts);
}

const RAW_VALUE = 'FUZZ-RAW-VALUE';
const RAW_KEY = 'FUZZ-RAW-KEY';
const spliced = (value: Json, placeholder: string, raw: string | Buffer): RawBody => ({
  value,
  splices: [{ placeholder, raw: typeof raw === 'string' ? Buffer.from(raw) : raw }],
});

function nodes(value: Json, prefix: Path = []): { path: Path; value: Json }[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [{ path: [...prefix, key], value: child }, ...nodes(child, [...prefix, key])]);
}

function setAt(root: Json, path: Path, replacement: Json | undefined): Json {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (replacement !== undefined) node[last] = replacement;
  else if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
  return copy;
}

/** `tests.0.name` → ['tests', 0, 'name'] */
const pathOf = (dotted: string): Path => dotted.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
const typeOf = (value: Json) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** A value of another JSON type than `value` (objects and arrays are never "wrong" for each other's empty form). */
function wrongTypeFor(value: Json): fc.Arbitrary<Json> {
  const candidates: Record<string, fc.Arbitrary<Json>> = {
    null: fc.constant(null),
    boolean: fc.boolean(),
    number: fc.oneof(fc.integer(), fc.constant(86)),
    string: fc.oneof(fc.constantFrom('86', '1e3', 'NaN', 'Infinity', '-0', '', 'true'), fc.string({ maxLength: 8 })),
    array: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 3 }),
    object: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !FIELD_NAMES.has(k)),
      fc.integer(),
      { minKeys: 1, maxKeys: 2 },
    ),
  };
  const own = typeOf(value);
  return fc.oneof(
    ...Object.entries(candidates)
      .filter(([type]) => type !== own)
      .map(([, arbitrary]) => arbitrary),
  );
}

/** Byte sequences no UTF-8 decoder may accept: stray continuation, overlong, encoded surrogate, truncated, 5-byte, FF. */
const INVALID_UTF8: readonly Buffer[] = [
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xff],
  [0xfe, 0xff],
].map((b) => Buffer.from(b));

/**
 * Numbers out of every field's range or precision, and number lookalikes. The exponent forms
 * have more than 6 decimals however their text is written (`1.5e-9` shows one digit after the
 * point but has ten decimals); class-validator's decimal count once threw on them (500).
 */
export const TOO_PRECISE_EXPONENT_FORMS = [
  '1e-7',
  '1E-7',
  '5e-324',
  '-5e-324',
  '1.5e-9',
  '-3e-8',
  '2.2250738585072014e-308',
  '1234567e-13',
  '8.64000001e1',
];
const HOSTILE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e13',
  '-1e13',
  '0.1234567',
  '"86"',
  '"NaN"',
  '"Infinity"',
  '"0x10"',
  'true',
  '[86]',
  ...TOO_PRECISE_EXPONENT_FORMS,
];

const UNSTORABLE = ['\u0000', '\ud800', '\udfff', 'a\u0000b', '\ud83d'];

const deepJson = (depth: number, open: '[' | '{"a":') =>
  open.repeat(depth) + (open === '[' ? '' : '1') + (open === '[' ? ']' : '}').repeat(depth);

function bodyMutations(endpoint: FuzzEndpoint, base: Record<string, Json>): fc.Arbitrary<{ family: string; body: RawBody }>[] {
  const all = nodes(base);
  const ofType = (type: string) => all.filter((n) => typeOf(n.value) === type);
  const objects = [{ path: [] as Path, value: base as Json }, ...ofType('object')];
  const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);
  const strings = ofType('string');
  const numbers = ofType('number');
  const mutations: fc.Arbitrary<{ family: string; body: RawBody }>[] = [
    pick(all).chain((n) =>
      wrongTypeFor(n.value).map((v) => ({ family: 'wrong type', body: { value: setAt(base, n.path, v), splices: [] } })),
    ),
    fc.tuple(pick(strings), fc.integer({ min: 2001, max: 900_000 })).map(([n, length]) => ({
      family: 'over-long string',
      body: { value: setAt(base, n.path, 'x'.repeat(length)), splices: [] },
    })),
    fc.tuple(pick(strings), pick(UNSTORABLE)).map(([n, junk]) => ({
      family: 'NUL or lone surrogate',
      body: { value: setAt(base, n.path, `${n.value as string}${junk}`), splices: [] },
    })),
    fc.tuple(pick(objects), pick(UNSTORABLE)).map(([n, junk]) => ({
      family: 'NUL or lone surrogate',
      body: { value: setAt(base, [...n.path, `k${junk}`], 1), splices: [] },
    })),
    fc.tuple(pick(strings), pick(INVALID_UTF8)).map(([n, bytes]) => ({
      family: 'invalid UTF-8',
      body: spliced(setAt(base, n.path, RAW_VALUE), RAW_VALUE, Buffer.concat([Buffer.from('"ok'), bytes, Buffer.from('"')])),
    })),
    fc
      .tuple(
        pick([...all, { path: [] as Path, value: null }]),
        fc.integer({ min: 17, max: 100_000 }),
        fc.constantFrom('[' as const, '{"a":' as const),
      )
      .map(([n, depth, open]) => ({
        family: 'deep nesting',
        body:
          n.path.length === 0
            ? spliced(RAW_VALUE, RAW_VALUE, deepJson(depth, open))
            : spliced(setAt(base, n.path, RAW_VALUE), RAW_VALUE, deepJson(depth, open)),
      })),
    fc.tuple(pick(all), fc.integer({ min: 1001, max: 60_000 })).map(([n, length]) => ({
      family: 'huge array',
      body: {
        value: setAt(
          base,
          n.path,
          Array.from({ length }, () => (Array.isArray(n.value) ? (n.value[0] ?? 1) : n.value)),
        ),
        splices: [],
      },
    })),
    fc
      .tuple(
        pick(objects),
        fc.oneof(
          fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype), 'prototype', ''),
          fc.string({ maxLength: 12 }).filter((k) => !FIELD_NAMES.has(k)),
        ),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, fc.constant({ prototype: { polluted: true } } as Json)),
      )
      .map(([n, key, value]) => ({
        family: key === '__proto__' || key === 'constructor' ? 'prototype pollution key' : 'unknown key',
        body: spliced(setAt(base, [...n.path, RAW_KEY], value), RAW_KEY, JSON.stringify(key)),
      })),
    fc
      .tuple(pick(objects.filter((n) => Object.keys(n.value as object).length > 0)), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>)
      .chain(([n, value]) =>
        pick(Object.keys(n.value as object)).map((key) => ({
          family: 'duplicate key',
          // The member again, after the original: JSON.parse would keep this value, a reader the first.
          body: spliced(setAt(base, [...n.path, RAW_KEY], value), RAW_KEY, JSON.stringify(key)),
        })),
      ),
    fc.constantFrom(
      ...['[]', '"body"', '86', 'null', 'true', '', '[{}]', '{}'.repeat(2), 'NaN', "{'a':1}", '/*c*/{}'].map((raw) => ({
        family: 'not a JSON object',
        body: spliced(RAW_VALUE, RAW_VALUE, raw),
      })),
    ),
    fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('', 'x', ',', '}', ']', ',}', 'NaN')).map(([cut, tail]) => {
      const text = JSON.stringify(base);
      return {
        family: 'broken JSON',
        body: spliced(RAW_VALUE, RAW_VALUE, tail === '' ? text.slice(0, cut % (text.length - 1)) : text + tail),
      };
    }),
  ];
  if (numbers.length > 0) {
    mutations.push(
      fc.tuple(pick(numbers), pick(HOSTILE_NUMBERS)).map(([n, token]) => ({
        family: 'hostile number',
        body: spliced(setAt(base, n.path, RAW_VALUE), RAW_VALUE, token),
      })),
    );
    mutations.push(
      fc.tuple(pick(numbers), pick(TOO_PRECISE_EXPONENT_FORMS)).map(([n, token]) => ({
        family: 'exponent form',
        body: spliced(setAt(base, n.path, RAW_VALUE), RAW_VALUE, token),
      })),
    );
  }
  if (endpoint.required?.length) {
    mutations.push(
      pick(endpoint.required).map((field) => ({
        family: 'missing required field',
        body: { value: setAt(base, pathOf(field), undefined), splices: [] },
      })),
    );
  }
  if (endpoint.positive?.length) {
    mutations.push(
      pick(endpoint.positive).map((field) => ({
        family: 'negative zero',
        body: spliced(setAt(base, pathOf(field), RAW_VALUE), RAW_VALUE, '-0'),
      })),
    );
  }
  return mutations;
}

/** Every numeric field of the endpoint's valid body, each set to every exponent form in turn: all must be 400 naming that field. */
export function exponentFormRequests(endpoint: FuzzEndpoint): { field: string; token: string; request: HostileRequest }[] {
  if (!endpoint.base) return [];
  const base = endpoint.base();
  const path = endpoint.path(endpoint.id ?? '');
  return nodes(base)
    .filter((n) => typeof n.value === 'number')
    .flatMap((n) =>
      TOO_PRECISE_EXPONENT_FORMS.map((token) => ({
        field: n.path.join('.'),
        token,
        request: {
          family: 'exponent form',
          path,
          headers: JSON_TYPE,
          body: encode(spliced(setAt(base, n.path, RAW_VALUE), RAW_VALUE, token)),
        },
      })),
    );
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** Ids that are malformed (400), too long for the router (414) or the header block (431), or unknown (404). */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '../..',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e',
    '..%5c..%5cwindows',
    '%252e%252e%252f',
    '.%00.',
    '%00',
    '%',
    '%zz',
    '%E0%A4%A',
    '%ff%fe',
    '%C0%AF',
    'a%2Fb',
    'A%20B',
    '%0d%0aX-Injected:%201',
    '%3Cscript%3E',
    '%E2%80%AE',
    '%F0%9F%94%8B',
    '*',
    '%2A',
  ),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
    .filter((s) => !ID_PATTERN.test(s))
    .map(encodeURIComponent),
  fc.integer({ min: 101, max: 20_000 }).map((n) => 'B'.repeat(n)),
  fc.stringMatching(/^[A-Za-z0-9._:-]{1,90}$/).map((s) => `NOPE-${s}`),
);

const headerText = fc.string({
  unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~\té'.split('')),
  maxLength: 300,
});

/** Bad or missing keys (401) and a key without the route's role (403). */
function authenticationMutations(endpoint: FuzzEndpoint): fc.Arbitrary<{ family: string; headers: Record<string, string> }> {
  const secret = SECRETS[endpoint.role];
  return fc.oneof(
    fc
      .oneof(
        fc.constantFrom(
          '',
          'Bearer',
          'Bearer ',
          `bearer ${secret}`,
          `Bearer ${secret}x`,
          `Bearer x${secret}`,
          `Bearer ${secret.toUpperCase()}`,
          `Bearer ${secret} ${secret}`,
          `Basic ${Buffer.from(`${endpoint.role}:${secret}`).toString('base64')}`,
          secret,
          `Token ${secret}`,
        ),
        headerText.map((junk) => `Bearer ${junk}`).filter((v) => !Object.values(SECRETS).some((s) => v.trim() === `Bearer ${s}`)),
      )
      .map((authorization) => ({ family: 'authorization', headers: { authorization } })),
    fc.constant({ family: 'role', headers: { authorization: `Bearer ${SECRETS[endpoint.forbiddenRole]}` } }),
  );
}

/** Content types other than UTF-8 JSON (415); for command routes, malformed If-Match and Idempotency-Key (400) or a stale If-Match (412). */
function headerMutations(endpoint: FuzzEndpoint): fc.Arbitrary<{ family: string; headers: Record<string, string> }> {
  const contentType = fc
    .oneof(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        'application/vnd.api+json',
        'application/json-patch+json',
        'image/png',
      ),
      fc.stringMatching(/^[a-z]{1,10}\/[a-z0-9+.-]{1,15}$/).filter((t) => t !== 'application/json'),
      fc
        .constantFrom('latin1', 'utf-16', 'utf-16le', 'ascii', 'iso-8859-1', 'utf-7', 'x')
        .map((charset) => `application/json; charset=${charset}`),
    )
    .map((type) => ({ family: 'content type', headers: { 'content-type': type } }));
  if (!endpoint.commandHeaders) return contentType;
  return fc.oneof(
    contentType,
    fc
      .oneof(headerText, fc.constantFrom('"9999999"', 'W/"9999999"', '"-1"', '"1.0"', '*', '"1", "2"'))
      .filter((v) => v === '"9999999"' || v === 'W/"9999999"' || !/^(?:W\/)?"\d{1,15}"$/.test(v.trim()))
      .map((ifMatch) => ({ family: 'If-Match', headers: { 'if-match': ifMatch } })),
    fc
      .oneof(
        headerText.filter((v) => !/^[\x21-\x7e]{1,255}$/.test(v.trim())),
        fc.constant('k'.repeat(256)),
      )
      .map((key) => ({ family: 'Idempotency-Key', headers: { 'idempotency-key': key } })),
  );
}

const JSON_TYPE = { 'content-type': 'application/json' };

export interface HostileRequests {
  body?: fc.Arbitrary<HostileRequest>;
  pathId?: fc.Arbitrary<HostileRequest>;
  headers: fc.Arbitrary<HostileRequest>;
  authentication: fc.Arbitrary<HostileRequest>;
}

/** Hostile requests for one endpoint: its body, its path id, its headers and its credentials. */
export function hostileRequests(endpoint: FuzzEndpoint): HostileRequests {
  const validBody = () => (endpoint.base ? encode({ value: endpoint.base(), splices: [] }) : Buffer.from('{}'));
  const validPath = endpoint.path(endpoint.id ?? '');
  const withHeaders = ({ family, headers }: { family: string; headers: Record<string, string> }) => ({
    family,
    path: validPath,
    headers: { ...JSON_TYPE, ...headers },
    body: validBody(),
  });
  return {
    body: endpoint.base
      ? fc.constant(null).chain(() => {
          const base = endpoint.base!();
          return fc
            .oneof(...bodyMutations(endpoint, base))
            .map(({ family, body }) => ({ family, path: validPath, headers: JSON_TYPE, body: encode(body) }));
        })
      : undefined,
    pathId:
      endpoint.id === undefined
        ? undefined
        : hostileId.map((id) => ({ family: 'path id', path: endpoint.path(id), headers: JSON_TYPE, body: validBody() })),
    headers: headerMutations(endpoint).map(withHeaders),
    authentication: authenticationMutations(endpoint).map(withHeaders),
  };
}
