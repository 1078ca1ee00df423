/**
 * The dashboard's denial analytics (issue 15 item 4): each figure as an accessible HTML table (the numbers
 * of record) and as a chart drawn by chart.js from a JSON island in the page. The client script and
 * chart.js are static assets from our own origin (CSP script-src 'self'; no inline script runs).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DenialAnalytics, DenialFigure } from '../../ledger/denial-analytics.js';
import { html, money, raw, type Html } from './layout.js';

/** The JSON island: `<` escaped so no value can close the script element. */
const island = (a: DenialAnalytics) => raw(`<script type="application/json" id="denial-analytics-data">${JSON.stringify(a).replace(/</g, '\\u003c')}</script>`);

const TABLES: ReadonlyArray<{ id: string; figure: keyof Pick<DenialAnalytics, 'byReason' | 'byPayer' | 'byProcedure' | 'byProvider' | 'byWeek'>; caption: string; key: string }> = [
  { id: 'reason', figure: 'byReason', caption: 'Denials by reason (group and CARC)', key: 'Reason' },
  { id: 'payer', figure: 'byPayer', caption: 'Denials by payer', key: 'Payer' },
  { id: 'procedure', figure: 'byProcedure', caption: 'Denials by procedure', key: 'Procedure' },
  { id: 'provider', figure: 'byProvider', caption: 'Denials by billing provider (NPI)', key: 'Provider' },
  { id: 'week', figure: 'byWeek', caption: 'Denials by week (week starting)', key: 'Week' },
];

function table(id: string, caption: string, key: string, rows: readonly DenialFigure[]): Html {
  return html`<figure class="analytics"><canvas id="chart-${id}" role="img" aria-label="${caption} (chart; the same numbers are in the table)" height="180"></canvas>
<table class="analytics" id="table-${id}" data-figure="${id}"><caption>${caption}</caption><thead><tr><th scope="col">${key}</th><th scope="col" class="num">Claims</th><th scope="col" class="num">Denied dollars</th></tr></thead>
<tbody>${rows.length ? rows.map((r) => html`<tr><th scope="row">${r.key}</th><td class="num">${String(r.claims)}</td><td class="num">${r.amount}</td></tr>`) : html`<tr><td colspan="3" class="muted">No denials.</td></tr>`}</tbody></table></figure>`;
}

/** Two figures side by side on a wide screen, one per row on a narrow one (style-src allows inline styles). */
const ANALYTICS_CSS = raw(`<style>
#denial-analytics figure.analytics{display:inline-block;box-sizing:border-box;width:49%;vertical-align:top;margin:0 0 16px;padding-right:12px}
#denial-analytics figure.analytics canvas{max-height:220px}
@media (max-width:800px){#denial-analytics figure.analytics{width:100%;padding-right:0}}
</style>`);

export function denialAnalyticsSection(a: DenialAnalytics): Html {
  return html`${ANALYTICS_CSS}<section aria-labelledby="denials-h" id="denial-analytics"><h2 id="denials-h">Denials</h2>
<div class="cards">
<div class="card" data-figure="at-risk"><span class="label">Dollars at risk (on the worklist)</span><span class="value">${money(a.atRisk.amount)}</span><span class="small muted">${String(a.atRisk.claims)} ${a.atRisk.claims === 1 ? 'claim' : 'claims'}</span></div>
<div class="card" data-figure="first-pass"><span class="label">First-pass acceptance</span><span class="value">${a.firstPass.rate}%</span><span class="small muted">${String(a.firstPass.accepted)} of ${String(a.firstPass.answered)} first claims</span></div>
<div class="card" data-figure="days-in-ar"><span class="label">Days in A/R (upload to payment)</span><span class="value">${a.daysInAR.average}</span><span class="small muted">${String(a.daysInAR.claims)} paid claims</span></div>
</div>
${TABLES.map((t) => table(t.id, t.caption, t.key, a[t.figure]))}
${island(a)}<script src="/assets/chart.umd.min.js"></script><script src="/assets/denial-charts.js"></script></section>`;
}

/** Draws the charts from the island; a chart per table, the table stays the numbers of record. */
export const DENIAL_CHARTS_JS = `(function(){
  var el = document.getElementById('denial-analytics-data');
  if (!el || typeof Chart === 'undefined') return;
  var a = JSON.parse(el.textContent);
  var specs = [['reason','byReason','bar'],['payer','byPayer','bar'],['procedure','byProcedure','bar'],['provider','byProvider','bar'],['week','byWeek','line']];
  var drawn = 0;
  specs.forEach(function(s){
    var canvas = document.getElementById('chart-' + s[0]);
    var rows = a[s[1]] || [];
    if (!canvas) return;
    new Chart(canvas, { type: s[2], data: { labels: rows.map(function(r){ return r.key; }), datasets: [
      { label: 'Denied dollars', data: rows.map(function(r){ return Number(r.amount); }), backgroundColor: '#b94a48', borderColor: '#b94a48', yAxisID: 'y' },
      { label: 'Claims', data: rows.map(function(r){ return r.claims; }), backgroundColor: '#4a6fa5', borderColor: '#4a6fa5', yAxisID: 'y1' }
    ] }, options: { animation: false, responsive: true, aspectRatio: 2.5, scales: { y: { beginAtZero: true, position: 'left' }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } } } });
    drawn++;
  });
  document.documentElement.setAttribute('data-denial-charts', String(drawn));
})();`;

let chartJs: Buffer | undefined;
/** chart.js's UMD build from node_modules (read once). */
export function chartJsBundle(): Buffer {
  if (!chartJs) chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
  return chartJs;
}
