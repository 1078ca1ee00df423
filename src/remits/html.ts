/**
 * The one way data reaches HTML: `esc` for every value, `html` templates that escape what they
 * interpolate unless it is already `Html` (built by `html` itself or marked with `raw` for our own markup).
 * Reports are self-contained: styles inline, no scripts, no external assets.
 */

/** Markup we produced ourselves (never data). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

type Part = Html | string | number | undefined | null | false | ReadonlyArray<Html | string>;

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map((p) => render(p as Part)).join('');
  return esc(part);
}

/** Tagged template: `html\`<td>${value}</td>\`` escapes `value`; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < parts.length; i++) out += render(parts[i]) + strings[i + 1];
  return new Html(out);
}

/** Our own constant markup (style sheets); never pass data here. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** A whole printable page around `body`. */
export function page(title: string, body: Html): string {
  return pageStart(title) + body.text + pageEnd();
}

/** The start of a page written in pieces (up to and including `<body>`). */
export function pageStart(title: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(STYLE)}</style></head>
<body>`.text;
}

/** The end of a page written in pieces. */
export function pageEnd(): string {
  return '</body></html>\n';
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:13px;color:#1d2430;margin:24px;line-height:1.35}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 6px;border-bottom:2px solid #2a4d7a;padding-bottom:3px;color:#2a4d7a}
h3{font-size:14px;margin:18px 0 4px}
.muted{color:#5b6575}.small{font-size:11px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border:1px solid #c9d1dc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600}
td.date{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.totals td{font-weight:600;background:#f7f9fb}
.summary{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.summary div{border:1px solid #c9d1dc;border-radius:4px;padding:6px 10px;min-width:120px}
.summary b{display:block;font-size:15px}
.claim{border:1px solid #c9d1dc;border-radius:4px;padding:6px 10px;margin:10px 0;page-break-inside:avoid}
.claim h3{margin:2px 0 6px}
tr.denied td,.claim.denied{background:#fdecec}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:11px;font-weight:600;border:1px solid}
.badge.paid{color:#19632d;border-color:#19632d}.badge.partially-paid{color:#8a5a00;border-color:#8a5a00}
.badge.denied,.badge.rejected{color:#a11919;border-color:#a11919;background:#fff}.badge.reversed{color:#4b3a8f;border-color:#4b3a8f}
.badge.accepted{color:#19632d;border-color:#19632d}.badge.pending,.badge.other,.badge.finalized{color:#5b6575;border-color:#5b6575}
.ok{color:#19632d;font-weight:600}.bad{color:#a11919;font-weight:600}
ul{margin:2px 0 6px 18px;padding:0}
@media print{body{margin:10mm;font-size:11px}h2{page-break-before:auto}.claim{page-break-inside:avoid}}
`;

/** CSV cells and records: the project's one CSV writer (src/text/csv.ts), re-exported for existing callers. */
export { csvField, csvRow } from '../text/csv.js';
