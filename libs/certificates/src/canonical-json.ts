import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) text of a JSON value; throws rather than sign something JSON can't carry. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

/** The exact bytes a certificate signature covers. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
