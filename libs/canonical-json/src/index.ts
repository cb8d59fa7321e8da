import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) text of a JSON value: what the event hash chain and certificate signatures
 * cover. Throws on what JSON cannot carry (NaN, lone surrogates, cycles) rather than hash or sign it.
 */
export function canonicalJson(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new TypeError('the value is not JSON');
  return canonical;
}
