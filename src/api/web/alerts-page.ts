/**
 * Alerts in the workbench (issue 14, pure HTML): a section on the dashboard (how many are open, the
 * latest few), the /alerts page (every alert, with its deliveries) and the badge a worklist claim wears.
 */
import type { AlertListItem } from '../../ledger/alerts.js';
import { alertKindWords } from '../../gateway/alerts/alert-message.js';
import { html, layout, pager, stateBadge, when, type Html } from './layout.js';
import type { Frame } from './pages.js';

const kindBadge = (kind: string) => html`<span class="badge ${kind.endsWith('-passed') ? 'bad' : 'warn'}" data-alert-kind="${kind}">${alertKindWords(kind)}</span>`;

const deliveryText = (d: AlertListItem['deliveries'][number]) =>
  d.state === 'delivered' ? `${d.channel}: delivered` : d.state === 'skipped' ? `${d.channel}: not configured` : `${d.channel}: waiting (${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastError ? `, last: ${d.lastError}` : ''})`;

function rows(items: AlertListItem[], withDeliveries: boolean): Html {
  return html`${items.map(
    (a) => html`<tr data-alert="${a.id}"><td>${kindBadge(a.kind)}</td><td>${a.claimId ? html`<a href="/claims/${a.claimId}">${a.patientControlNumber ?? a.claimId}</a>` : '—'}</td><td>${a.claimState ? stateBadge(a.claimState) : ''}</td><td>${a.payerId ?? ''}</td><td>${a.dueDate ?? ''}</td><td>${a.note ?? ''}</td><td>${when(a.createdAt)}</td>${withDeliveries ? html`<td>${a.deliveries.map((d) => html`<div class="small">${deliveryText(d)}</div>`)}</td>` : ''}</tr>`,
  )}`;
}

const head = (withDeliveries: boolean) => html`<thead><tr><th scope="col">Alert</th><th scope="col">Claim</th><th scope="col">State</th><th scope="col">Payer</th><th scope="col">Due</th><th scope="col">Note</th><th scope="col">Raised</th>${withDeliveries ? html`<th scope="col">Sent to</th>` : ''}</tr></thead>`;

/** The dashboard's section: the count of open alerts and the latest ones. */
export function alertsSection(open: { total: number; items: AlertListItem[] }): Html {
  return html`<section aria-labelledby="alerts-h"><h2 id="alerts-h">Alerts</h2>
<div class="cards"><div class="card" data-figure="alerts-open"><span class="label">Open alerts (timely filing, silent claims)</span><span class="value${open.total ? ' alarm' : ''}"><a href="/alerts">${String(open.total)}</a></span></div></div>
${open.items.length ? html`<table class="alerts"><caption>Latest open alerts</caption>${head(false)}<tbody>${rows(open.items, false)}</tbody></table>` : html`<p class="muted">No open alerts.</p>`}</section>`;
}

export interface AlertsQuery {
  all?: boolean;
  limit: number;
  offset: number;
}

/** /alerts: open alerts (or all of them), newest first, with where each was sent. */
export function alertsPage(frame: Frame, q: AlertsQuery, list: { total: number; items: AlertListItem[] }): string {
  const query = { all: q.all ? '1' : undefined, limit: q.limit, offset: q.offset } as Record<string, unknown>;
  return layout(
    { title: 'Alerts', active: 'dashboard', viewer: frame.viewer, csrf: frame.csrf },
    html`<h1>Alerts</h1>
<p class="muted">Claims near or past their payer's timely-filing limit, claims silent after a status inquiry, and other events that need a person. ${q.all ? html`Showing every alert. <a href="/alerts">Open ones only</a>.` : html`Showing alerts whose claim is not settled yet. <a href="/alerts?all=1">Show every alert</a>.`}</p>
${pager('/alerts', query, list.total, q.limit, q.offset)}
<table class="alerts">${head(true)}<tbody>${list.items.length ? rows(list.items, true) : html`<tr><td colspan="8" class="muted">No alerts.</td></tr>`}</tbody></table>`,
  );
}

/** The worklist's badge for a claim with alerts. */
export function alertBadges(kinds: readonly string[] | undefined): Html {
  return html`${(kinds ?? []).map((k) => html`<div>${kindBadge(k)}</div>`)}`;
}
