/**
 * The workbench page of learned denial rules (src/denials/learn.ts): each rule in plain words with its
 * evidence (lines, denial rate against the other lines, remittances), and accept (as a warning or an
 * error) / dismiss buttons. Values reach the markup only through the escaping helper.
 */
import type { StoredDenialRule } from '../../ledger/denial-rules.js';
import { html, layout, pct, plural, raw, when, type Html } from './layout.js';
import type { Frame } from './pages.js';

const STATUS_CLASS: Record<string, string> = { proposed: 'warn', accepted: 'good', dismissed: 'info' };

function evidence(r: StoredDenialRule): Html {
  const e = r.evidence;
  const shown = e.remittanceIds.slice(0, 5);
  return html`<div>${e.denied} of ${e.lines} lines denied (${pct(e.rate)}); other lines ${pct(e.contrastRate)} of ${e.contrastLines}</div>
<div class="muted small">${plural(e.claims, 'claim')}, ${e.firstSeen} to ${e.lastSeen}; reasons ${e.carcs.map((c) => `CARC ${c}`).join(', ')}</div>
<div class="muted small">Remittances: ${shown.map((id, i) => html`${i ? ', ' : ''}<a href="/remittances/${id}">${id}</a>`)}${e.remittanceIds.length > shown.length ? ` and ${e.remittanceIds.length - shown.length} more` : ''}</div>`;
}

function actions(frame: Frame, r: StoredDenialRule): Html {
  if (frame.viewer.role === 'read-only') return html``;
  const form = (action: string, label: string, extra: Html = html``) =>
    html`<form method="post" action="/insights/denial-rules/${r.id}/${action}" style="display:inline"><input type="hidden" name="_csrf" value="${frame.csrf}">${extra}<button type="submit"${action === 'dismiss' ? raw(' class="secondary"') : ''}>${label}</button></form>`;
  return html`${r.status !== 'accepted' ? form('accept', 'Accept as warning', html`<input type="hidden" name="severity" value="warning">`) : ''}
${r.status !== 'accepted' ? form('accept', 'Accept as error', html`<input type="hidden" name="severity" value="error">`) : ''}
${r.status !== 'dismissed' ? form('dismiss', 'Dismiss') : ''}`;
}

export function denialRulesPage(frame: Frame, rules: readonly StoredDenialRule[], q: { status?: string }): string {
  const counts = { proposed: 0, accepted: 0, dismissed: 0 } as Record<string, number>;
  for (const r of rules) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const shown = q.status ? rules.filter((r) => r.status === q.status) : rules;
  return layout(
    { title: 'Denial rules', active: 'insights', viewer: frame.viewer, csrf: frame.csrf },
    html`<h1>Denial rules learned from your remittances</h1>
<p class="muted">Each rule is a pattern in this practice’s own 835s that predicted a denial. Accepted rules check new claims to that payer before they are sent (a warning, or an error that holds the claim); a dismissed rule stays dismissed until as many new denials as it had show it again.</p>
${frame.viewer.role === 'read-only' ? '' : html`<form method="post" action="/insights/denial-rules/learn" style="display:inline"><input type="hidden" name="_csrf" value="${frame.csrf}"><button type="submit">Learn again from the remittances</button></form>`}
<p>${['proposed', 'accepted', 'dismissed'].map((s) => html`<a href="/insights/denial-rules?status=${s}"${q.status === s ? raw(' aria-current="true"') : ''}>${s} (${counts[s] ?? 0})</a> · `)}<a href="/insights/denial-rules">all (${rules.length})</a></p>
<table class="denial-rules"><thead><tr><th scope="col">Rule</th><th scope="col">Evidence</th><th scope="col">Status</th><th scope="col">Decision</th></tr></thead>
<tbody>${shown.length
      ? shown.map(
          (r) => html`<tr data-rule="${r.id}"><td><b>${r.description}</b><div class="muted small">${r.id}</div></td><td>${evidence(r)}</td>
<td><span class="badge ${STATUS_CLASS[r.status] ?? 'info'}">${r.status}${r.status === 'accepted' ? ` (${r.severity})` : ''}</span>${r.decidedAt ? html`<div class="muted small">${r.decidedBy ?? ''} ${when(r.decidedAt)}</div>` : ''}</td>
<td>${actions(frame, r)}</td></tr>`,
        )
      : html`<tr><td colspan="4" class="muted">No rules${q.status ? ` ${q.status}` : ''} yet: rules appear once enough remittances show a pattern.</td></tr>`}</tbody></table>`,
  );
}
