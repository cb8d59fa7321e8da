import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** Text that is already markup (built by `html`), so it is not escaped twice. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Interpolated = Markup | string | number | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return (value as readonly Interpolated[]).map(render).join('');
  return escapeHtml(String(value));
}

/** A template whose interpolations are escaped unless they are markup themselves. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Markup {
  return new Markup(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]!) : ''), ''));
}

/** One label in both languages: Korean first, English after (the centre's readers and its partners'). */
export const both = (ko: string, en: string) => html`<span lang="ko">${ko}</span> <span lang="en" class="en">${en}</span>`;

/**
 * The pages' only style sheet, inline and allowed by its hash: the pages load nothing and run no
 * script, so the policy stays as strict as the API's except for this one block and the font.
 */
const STYLE = `
@font-face{font-family:"Cellpath KR";src:url(/passport/assets/noto-sans-kr.ttf) format("truetype");unicode-range:U+1100-11FF,U+3130-318F,U+AC00-D7A3;font-display:swap}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR","Cellpath KR",sans-serif;color:#1b1f23;background:#f6f7f9}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}
h2{font-size:1.05rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #d0d5db;padding-bottom:.25rem}
.en{color:#57606a;font-size:.9em}
.verdict{border-radius:.5rem;padding:1rem;font-size:1.2rem;font-weight:700;margin-bottom:1rem}
.ok{background:#dafbe1;color:#0f5323;border:2px solid #2da44e}
.bad{background:#ffebe9;color:#82071e;border:2px solid #cf222e}
.neutral{background:#fff8c5;color:#4d2d00;border:2px solid #bf8700}
dl{display:grid;grid-template-columns:minmax(8rem,40%) 1fr;gap:.25rem .75rem;margin:0}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
footer{margin-top:2rem;font-size:.8rem;color:#57606a;overflow-wrap:anywhere}
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Nothing but the inline style above and the Hangul font from this origin. */
export const PAGE_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "font-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The <style> element's text must be exactly STYLE (the policy allows it by its hash), so no formatter reflows it.
// prettier-ignore
export function page(title: string, body: Markup): string {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body><main>${body}</main></body>
</html>
`.text;
}

/** Rows of a definition list, leaving out values that are absent. */
export function rows(entries: readonly (readonly [Markup, Interpolated])[]): Markup {
  return html`<dl>
    ${entries
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(
        ([label, value]) =>
          html`<dt>${label}</dt>
            <dd>${value}</dd>`,
      )}
  </dl>`;
}

/** Pages for people: HTML with its own, still strict, Content-Security-Policy. */
export function sendPage(reply: FastifyReply, status: number, body: string): string {
  void reply.status(status).type('text/html; charset=utf-8').header('content-security-policy', PAGE_POLICY);
  return body;
}
