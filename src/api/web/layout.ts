/**
 * The workbench's page frame and small view helpers. Every value reaches the markup through the one
 * escaping helper (`html` / `esc` from src/remits/html.ts). Pages are complete without JavaScript;
 * /assets/workbench.js only adds conveniences (live refresh notice, print button).
 */
import { Decimal } from 'decimal.js';
import { esc, html, raw, type Html } from '../../remits/html.js';
import type { Role } from '../../ledger/workbench-schema.js';

export { esc, html, raw, type Html };

export interface Viewer {
  username: string;
  role: Role;
  /**
   * Issue 17, practices: what the viewer looks at — 'all' (service-wide), or the practices in view, and
   * the practices the viewer may switch between (more than one: the switcher is shown).
   */
  practices?: { inView: readonly string[] | 'all'; mine: readonly string[] };
}

/** The practice label, or the switcher for a user of several practices (POST /practice). */
function practiceControl(v: Viewer, csrf: string | undefined): Html | string {
  const p = v.practices;
  if (!p) return '';
  if (p.inView === 'all') return html`<span class="practice" data-practice="all">All practices</span>`;
  // A user of no practice sees the default one: an install without practices shows no label.
  if (p.mine.length === 0) return '';
  if (p.mine.length < 2) return html`<span class="practice" data-practice="${p.inView.join(',')}">Practice: ${p.inView.join(', ')}</span>`;
  const current = p.inView.length === 1 ? p.inView[0] : '';
  return html`<form class="practice" method="post" action="/practice"><label>Practice <select name="practice"><option value=""${current ? '' : raw(' selected')}>All of mine</option>${p.mine.map((id) => html`<option value="${id}"${id === current ? raw(' selected') : ''}>${id}</option>`)}</select></label><input type="hidden" name="_csrf" value="${csrf ?? ''}"><button type="submit">Show</button></form>`;
}

const NAV: ReadonlyArray<{ href: string; label: string; id: string; admin?: boolean }> = [
  { href: '/', label: 'Dashboard', id: 'dashboard' },
  { href: '/claims', label: 'Claims', id: 'claims' },
  { href: '/worklist', label: 'Worklist', id: 'worklist' },
  { href: '/remittances', label: 'Remittances', id: 'remittances' },
  { href: '/aging', label: 'Outstanding (A/R)', id: 'aging' },
  { href: '/balances', label: 'Patient balances', id: 'balances' },
  { href: '/accounts', label: 'Patient accounts', id: 'accounts' },
  { href: '/deposits', label: 'Deposits', id: 'deposits' },
  { href: '/files', label: 'Files', id: 'files' },
  { href: '/eligibility', label: 'Eligibility', id: 'eligibility' },
  { href: '/insights/denial-rules', label: 'Denial rules', id: 'insights' },
  { href: '/audit', label: 'Audit log', id: 'audit', admin: true },
  { href: '/admin/sign-in-locks', label: 'Sign-in locks', id: 'sign-in-locks', admin: true },
];

export interface PageOptions {
  title: string;
  active?: string;
  viewer?: Viewer;
  csrf?: string;
  /** Extra class on <body> (e.g. "statement" for print-first pages). */
  bodyClass?: string;
}

export function layout(o: PageOptions, body: Html): string {
  const nav = o.viewer
    ? html`<nav aria-label="Main"><ul>${NAV.filter((n) => !n.admin || o.viewer?.role === 'admin').map((n) => html`<li><a href="${n.href}"${n.id === o.active ? raw(' aria-current="page"') : ''}>${n.label}</a></li>`)}</ul></nav>
${practiceControl(o.viewer, o.csrf)}<form class="who" method="post" action="/logout"><span>${o.viewer.username} <span class="role">${o.viewer.role}</span></span><input type="hidden" name="_csrf" value="${o.csrf ?? ''}"><button type="submit">Sign out</button></form>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · x12 gateway</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/workbench.css">
<script src="/assets/workbench.js" defer></script>
</head>
<body class="${o.bodyClass ?? ''}"><a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">x12 gateway · billers’ workbench</a>${nav}</header>
<main id="main" tabindex="-1">${body}</main>
</body></html>
`.text;
}

/** Amounts as stored (two decimals) with thousands separators; '—' for none. */
export function money(v: string | Decimal | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const d = new Decimal(v.toString());
  const [i, f] = d.abs().toFixed(2).split('.');
  return (d.isNegative() ? '−' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + f;
}

/** "1 claim", "2 claims" (the count with thousands separators). */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A US ZIP code as printed: nine digits as ZIP+4 ("62701-1234"), anything else as given. */
export const formatZip = (zip: string | undefined | null) => (zip && /^\d{9}$/.test(zip) ? `${zip.slice(0, 5)}-${zip.slice(5)}` : (zip ?? ''));

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

let displayZone = 'UTC';
/**
 * The time zone the pages show times in (the practice's, from the config key `timeZone`; set once by the
 * workbench when it starts). An unknown name is an error, not a silent UTC.
 */
export function setDisplayTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone }); // throws RangeError on an unknown zone
  displayZone = zone;
}

/** An ISO instant as "2024-03-04 14:05 UTC" in a time zone, with the zone's short name (CST, GMT-5, …). */
export function formatInstant(iso: string, zone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (zone === 'UTC') return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** ISO instant → "2024-03-04 14:05 UTC" in the practice's time zone (server-side; no client clock involved). */
export const when = (iso: string | null | undefined) => (iso ? formatInstant(iso, displayZone) : '—');

const STATE_CLASS: Readonly<Record<string, string>> = {
  paid: 'good',
  'payer-accepted': 'good',
  'ack-accepted': 'info',
  'partially-paid': 'warn',
  pending: 'info',
  queued: 'info',
  generated: 'info',
  uploaded: 'info',
  denied: 'bad',
  reversed: 'warn',
  'scrub-rejected': 'bad',
  'interchange-rejected': 'bad',
  'ack-rejected': 'bad',
  'payer-rejected': 'bad',
};

export const stateBadge = (state: string) => html`<span class="badge ${STATE_CLASS[state] ?? 'info'}">${state}</span>`;

/** "Showing 51–100 of 1,234" with previous/next links keeping the other query parameters. */
export function pager(path: string, query: Record<string, unknown>, total: number, limit: number, offset: number): Html {
  const link = (o: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === 'offset' || v === undefined || v === '' || v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
    }
    if (o > 0) q.set('offset', String(o));
    const s = q.toString();
    return path + (s ? `?${s}` : '');
  };
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  return html`<nav class="pager" aria-label="Pages"><span>Showing ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}</span>
${offset > 0 ? html`<a rel="prev" href="${link(Math.max(0, offset - limit))}">‹ Previous</a>` : ''}
${to < total ? html`<a rel="next" href="${link(offset + limit)}">Next ›</a>` : ''}</nav>`;
}

/** The same URL with .csv before the query string (CSV export link). */
export function csvLink(path: string, query: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'offset' || k === 'limit' || v === undefined || v === '' || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
  }
  const s = q.toString();
  return `${path}.csv${s ? `?${s}` : ''}`;
}

export function patientName(last: string | null | undefined, first: string | null | undefined): string {
  return [last, first].filter(Boolean).join(', ') || '—';
}

/** Page stylesheet (served as /assets/workbench.css: the CSP allows no inline styles from data). */
export const WORKBENCH_CSS = `
:root{--ink:#1b2430;--muted:#566173;--line:#cfd6e0;--head:#eef2f7;--brand:#1f4b7a;--good:#17602b;--bad:#a3161a;--warn:#7a4f00;--info:#34527a}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:14px;color:var(--ink);margin:0;line-height:1.4;background:#fff}
a{color:var(--brand)}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f2b233;outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:4px 18px;background:var(--brand);color:#fff;padding:6px 16px}
header.top a{color:#fff}.brand{font-weight:700;text-decoration:none;margin-right:8px}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:2px 4px;margin:0;padding:0}
header nav a{display:block;padding:4px 8px;border-radius:3px;text-decoration:none}
header nav a[aria-current=page]{background:#fff;color:var(--brand);font-weight:600}
header nav a:hover{text-decoration:underline}
form.who{margin-left:auto;display:flex;gap:8px;align-items:center}
.role{font-size:11px;border:1px solid #fff;border-radius:3px;padding:0 4px}
form.who button{background:transparent;color:#fff;border:1px solid #fff;border-radius:3px;padding:2px 8px;cursor:pointer}
main{padding:14px 18px 40px;max-width:1400px}
h1{font-size:21px;margin:4px 0 10px}h2{font-size:16px;margin:22px 0 6px;color:var(--brand);border-bottom:2px solid var(--brand);padding-bottom:2px}
h3{font-size:14px;margin:14px 0 4px}
.muted{color:var(--muted)}.small{font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
table.states{width:auto}table.states th,table.states td{min-width:90px}
caption{text-align:left;font-weight:600;padding:2px 0 4px}
th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
thead th{background:var(--head);font-weight:600}
tbody tr:nth-child(even){background:#f8fafc}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td,tfoot th,tr.total td,tr.total th{font-weight:700;background:#f2f5f9}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0 12px}
.card{border:1px solid var(--line);border-radius:5px;padding:8px 12px;min-width:150px;background:#fbfcfe}
.card .label{display:block;color:var(--muted);font-size:12px}.card .value{display:block;font-size:20px;font-weight:700}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;border:1px solid;white-space:nowrap}
.badge.good{color:var(--good)}.badge.bad{color:var(--bad)}.badge.warn{color:var(--warn)}.badge.info{color:var(--info)}
.alarm{color:var(--bad);font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:flex-end;background:#f6f8fb;border:1px solid var(--line);border-radius:5px;padding:8px 10px;margin:0 0 10px}
form.filters label,form.edit label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
input,select{font:inherit;padding:3px 6px;border:1px solid #8a96a8;border-radius:3px;color:var(--ink);background:#fff}
button,.button{font:inherit;padding:4px 12px;border-radius:3px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}
button.danger{background:#fff;color:var(--bad);border-color:var(--bad)}
.pager{display:flex;gap:14px;align-items:center;margin:6px 0}
.actions{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:6px 0}
.notice{border:1px solid var(--line);border-left:5px solid var(--info);background:#f4f7fb;padding:8px 12px;margin:8px 0}
.notice.error{border-left-color:var(--bad);background:#fdf1f1}.notice.ok{border-left-color:var(--good);background:#f0f8f2}
.field-error{color:var(--bad);font-size:12px;font-weight:600}
input[aria-invalid=true]{border-color:var(--bad);border-width:2px}
form.edit .row{display:grid;grid-template-columns:minmax(220px,320px) 1fr;gap:4px 12px;align-items:start;margin:4px 0}
form.edit .flagged{background:#fff7e0;border-radius:3px;padding:2px 4px}
ol.timeline{list-style:none;margin:4px 0;padding:0;border-left:3px solid var(--line)}
ol.timeline li{margin:0 0 8px;padding:2px 0 2px 12px;position:relative}
ol.timeline li::before{content:"";position:absolute;left:-7px;top:7px;width:11px;height:11px;border-radius:50%;background:var(--brand)}
ol.timeline li.action::before{background:#f2b233}ol.timeline li.bad::before{background:var(--bad)}
ol.timeline .at{color:var(--muted);font-size:12px;margin-right:6px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.login{max-width:360px;margin:40px auto;border:1px solid var(--line);border-radius:6px;padding:18px 22px}
.login label{display:flex;flex-direction:column;margin:8px 0;gap:3px}
.statement{max-width:900px}.parties{display:flex;flex-wrap:wrap;gap:12px 48px;margin:8px 0 14px}
.statement .sheet{border:1px solid var(--line);padding:18px 22px}
.statement .due{font-size:18px;font-weight:700}
#live{display:none}#live.shown{display:block}
.scroll{overflow-x:auto;max-width:100%}
main{overflow-x:auto}
pre{overflow-x:auto;max-width:100%}
img,svg,canvas{max-width:100%}
@media (max-width:700px){main{padding:10px 10px 30px}
 table{display:block;overflow-x:auto;max-width:100%}.scroll table{display:table}
 form.edit .row{grid-template-columns:1fr}form.who{margin-left:0}
 input,select,textarea{max-width:100%}form.filters label{max-width:100%}
 .cards .card{min-width:0;flex:1 1 140px}
 td,th{overflow-wrap:anywhere}}
@media print{main,.scroll,table{overflow:visible!important}table{display:table!important}header.top,form.filters,.pager,.actions,.noprint,.skip,#live{display:none!important}main{padding:0;max-width:none}body{font-size:11px}
 .statement .sheet{border:none;padding:0}a{color:inherit;text-decoration:none}tbody tr:nth-child(even){background:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
`;

/** The workbench's icon (a page with an "X12" mark), served at /favicon.svg and /favicon.ico. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="5" fill="#1f4e79"/><text x="16" y="21" font-family="Arial,sans-serif" font-size="12" font-weight="700" fill="#fff" text-anchor="middle">X12</text></svg>`;

/** Small enhancements only: a print button and a notice when claims change (server-sent events). */
export const WORKBENCH_JS = `
document.querySelectorAll('[data-print]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){window.print()})});
function focusScrollers(){document.querySelectorAll('table,.scroll,pre').forEach(function(t){if(t.scrollWidth>t.clientWidth+1&&!t.hasAttribute('tabindex'))t.tabIndex=0;});}
focusScrollers();window.addEventListener('resize',focusScrollers);
var live=document.getElementById('live');
if(live&&window.EventSource){var es=new EventSource('/v1/events');es.addEventListener('claim',function(){live.classList.add('shown')});}
`;
