/** q of each media range in an Accept header (RFC 9110 §12.5.1); a malformed q counts as 0. */
function qualities(accept: string): Map<string, number> {
  const ranges = new Map<string, number>();
  for (const entry of accept.split(',')) {
    const [type, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (!type) continue;
    const q = params.find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    ranges.set(type, Number.isFinite(value) ? value : 0);
  }
  return ranges;
}

/**
 * A browser names text/html explicitly; an API client sends application/json, `*\/*` or nothing.
 * HTML only when asked for by name and not ranked below JSON, so JSON stays the default.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = qualities(accept);
  const html = ranges.get('text/html') ?? 0;
  const json = ranges.get('application/json') ?? ranges.get('application/*') ?? 0;
  return html > 0 && html >= json;
}
