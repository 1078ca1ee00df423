/**
 * One file's page: what it is, its download and readable report, the claims and remittances it touches
 * (each a link, and the claim page links back), and its content: X12 one segment per line with its
 * segment number (the number every error and acknowledgment names), a claim batch as its JSON.
 */
import { tokenize, textOf } from '../../x12/tokenizer.js';
import type { LinkedClaim } from '../../ledger/file-links.js';
import { html, layout, money, raw, stateBadge, when, type Html } from './layout.js';
import type { Frame } from './pages.js';
import { loopView } from './loop-view.js';

/** The view lists at most this many segments (the download has them all). */
export const MAX_VIEW_SEGMENTS = 5000;

export interface FilePageData {
  file: { id: string; name: string; kind: string; direction: string; state: string; size: number; partner_id: string | null; created_at: string };
  bytes: Buffer | undefined;
  tooLarge: boolean;
  hasReport: boolean;
  claims: { rows: LinkedClaim[]; total: number };
  remittances: Array<{ id: string; trace_number: string; payer_name: string | null; payment_amount: string; payment_date: string | null }>;
  /** `loops`: the guide engine's loop tree (X12 files); otherwise one segment per line. */
  view?: 'raw' | 'loops';
}

const DIRECTION: Record<string, string> = { intake: 'claim batch received', out: '837 sent', in: 'response received' };

function content(d: FilePageData): Html {
  if (d.tooLarge) return html`<p class="notice">This file is too large to show here; download it instead.</p>`;
  if (!d.bytes) return html`<p class="notice error" role="status">The file's content is no longer kept by the gateway (it was moved or tidied away).</p>`;
  if (d.file.kind === 'batch' || d.file.kind === 'unknown' || !d.bytes.subarray(0, 3).equals(Buffer.from('ISA'))) {
    const text = d.bytes.toString('utf8');
    return html`<pre class="raw" tabindex="0" aria-label="File content">${text.length > 200_000 ? text.slice(0, 200_000) + '\n…' : text}</pre>`;
  }
  const tabs = html`<p class="actions" aria-label="View"><a class="button${d.view === 'loops' ? ' secondary' : ''}" href="/files/${d.file.id}?view=raw"${d.view === 'loops' ? '' : raw(' aria-current="page"')}>Raw, by segment</a> <a class="button${d.view === 'loops' ? '' : ' secondary'}" href="/files/${d.file.id}?view=loops"${d.view === 'loops' ? raw(' aria-current="page"') : ''}>By loop</a></p>`;
  if (d.view === 'loops') return html`${tabs}${loopView(d.bytes)}`;
  const { segments } = tokenize(d.bytes);
  const shown = segments.slice(0, MAX_VIEW_SEGMENTS);
  return html`${tabs}<p class="muted small">${segments.length.toLocaleString('en-US')} segment${segments.length === 1 ? '' : 's'}${segments.length > shown.length ? ` (the first ${MAX_VIEW_SEGMENTS.toLocaleString('en-US')} shown)` : ''}; each with its number in the file.</p>
<div class="scroll" tabindex="0" role="region" aria-label="Segments"><table class="segments"><thead><tr><th scope="col" class="num">No.</th><th scope="col">Segment</th></tr></thead><tbody>${shown.map((s) => html`<tr id="seg-${String(s.number)}"><td class="num">${String(s.number)}</td><td><code>${textOf(s)}</code></td></tr>`)}</tbody></table></div>`;
}

export function filePage(frame: Frame, d: FilePageData): string {
  const f = d.file;
  return layout(
    { title: `File ${f.name}`, active: 'files', viewer: frame.viewer, csrf: frame.csrf },
    html`<h1>File ${f.name}</h1>
<p>${DIRECTION[f.direction] ?? f.direction} · ${f.kind} · ${f.state} · ${f.size.toLocaleString('en-US')} bytes${f.partner_id ? ` · partner ${f.partner_id}` : ''} · ${when(f.created_at)}</p>
<p class="actions"><a class="button" href="/files/${f.id}/download" download>Download</a>${d.hasReport ? html` <a class="button secondary" href="/files/${f.id}/report">Readable report</a>` : ''} <a class="button secondary" href="/files">All files</a></p>
<section aria-labelledby="claims-h"><h2 id="claims-h">Claims in this file</h2>
${d.claims.total ? html`<p class="muted small">${d.claims.total.toLocaleString('en-US')} claim${d.claims.total === 1 ? '' : 's'}${d.claims.total > d.claims.rows.length ? `, the first ${d.claims.rows.length} listed` : ''}.</p>
<div class="scroll"><table class="file-claims"><thead><tr><th scope="col">Claim (CLM01)</th><th scope="col">Payer</th><th scope="col">State</th><th scope="col" class="num">Charge</th></tr></thead>
<tbody>${d.claims.rows.map((c) => html`<tr><td><a href="/claims/${c.id}">${c.patient_control_number}</a></td><td>${c.payer_id}</td><td>${stateBadge(c.state)}</td><td class="num">${money(c.total_charge)}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">No claim is linked to this file.</p>`}</section>
${d.remittances.length ? html`<section aria-labelledby="remits-h"><h2 id="remits-h">Payments posted from this file</h2><ul>${d.remittances.map((r) => html`<li><a href="/remittances/${r.id}">${r.trace_number}</a> · ${r.payer_name ?? ''} · ${money(r.payment_amount)} · ${r.payment_date ?? ''}</li>`)}</ul></section>` : ''}
<section aria-labelledby="content-h"><h2 id="content-h">Content</h2>${content(d)}</section>`,
  );
}
