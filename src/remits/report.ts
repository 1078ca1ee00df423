/**
 * Remittance reports for billers: HTML (printable, self-contained), CSV (one row per service line with
 * its adjustments) and JSON (the model). One section per check / EFT: payer, trace number, date, totals;
 * per claim billed, allowed, paid, the patient responsibility split, adjustments in plain words, denials
 * highlighted and remark codes explained; provider-level adjustments; the balance check results.
 * Pure: the caller writes the text where it wants.
 */
import { describePosition, type Finding } from '../x12/finding.js';
import { csvRow } from '../text/csv.js';
import { html, page, type Html } from './html.js';
import type { Adjustment, ClaimPayment, Person, Remark, Remittance, ServiceLine } from './model.js';
import { displayAmount, sum } from './values.js';

const OUTCOME_TEXT: Readonly<Record<string, string>> = { paid: 'Paid', 'partially-paid': 'Partially paid', denied: 'Denied', reversed: 'Reversed' };

export function personName(p: Person | undefined): string {
  if (!p) return '';
  if (p.entityType === '2') return p.lastName ?? '';
  return [p.lastName, [p.firstName, p.middleName].filter(Boolean).join(' ')].filter(Boolean).join(', ') + (p.suffix ? ` ${p.suffix}` : '');
}

/** "CO-45 20.00: Charge exceeds fee schedule…" */
export function adjustmentText(a: Adjustment): string {
  return `${a.group}-${a.reason} ${displayAmount(a.amount)}: ${a.reasonDescription} (${groupShort(a.group)})`;
}

function groupShort(group: string): string {
  switch (group) {
    case 'CO':
      return 'contractual, not billable to the patient';
    case 'PR':
      return 'patient responsibility';
    case 'OA':
      return 'other adjustment';
    case 'PI':
      return 'payer initiated reduction';
    case 'CR':
      return 'correction or reversal';
    default:
      return `group ${group}`;
  }
}

export function remarkText(r: Remark): string {
  return `${r.code}: ${r.description}`;
}

const findingLine = (f: Finding) => `${f.severity.toUpperCase()} ${describePosition({ ...f.position, file: undefined })}: ${f.message} [${f.code}]`;

function claimRow(c: ClaimPayment): Html {
  const pr = c.patientResponsibility;
  return html`<tr class="${c.outcome === 'denied' ? 'denied' : ''}" data-claim="${c.patientControlNumber}">
<td>${c.patientControlNumber}</td><td>${personName(c.patient)}</td><td>${c.payerClaimControlNumber ?? ''}</td>
<td><span class="badge ${c.outcome}">${OUTCOME_TEXT[c.outcome]}</span></td>
<td class="num">${displayAmount(c.billed)}</td><td class="num">${displayAmount(c.allowed)}</td><td class="num">${displayAmount(c.paid)}</td>
<td class="num">${displayAmount(pr.deductible)}</td><td class="num">${displayAmount(pr.coinsurance)}</td><td class="num">${displayAmount(pr.copay)}</td><td class="num">${displayAmount(pr.other)}</td><td class="num">${displayAmount(pr.total)}</td></tr>`;
}

function lineRow(l: ServiceLine, i: number): Html {
  const proc = [l.procedure.code, ...l.procedure.modifiers].join(' ');
  const submitted = l.submittedProcedure ? ` (billed as ${[l.submittedProcedure.code, ...l.submittedProcedure.modifiers].join(' ')})` : '';
  return html`<tr class="${l.denied ? 'denied' : ''}"><td>${i + 1}</td><td class="date">${l.serviceDate ?? [l.serviceDateFrom, l.serviceDateTo].filter(Boolean).join(' – ')}</td>
<td>${proc}${submitted}</td><td>${l.units ?? ''}</td><td class="num">${displayAmount(l.charge)}</td><td class="num">${displayAmount(l.allowed)}</td><td class="num">${displayAmount(l.paid)}</td>
<td>${l.adjustments.length ? html`<ul>${l.adjustments.map((a) => html`<li>${adjustmentText(a)}</li>`)}</ul>` : ''}</td>
<td>${l.remarks.length ? html`<ul>${l.remarks.map((r) => html`<li>${remarkText(r)}</li>`)}</ul>` : ''}</td></tr>`;
}

function claimDetail(c: ClaimPayment): Html {
  const remarks = c.adjudication?.remarks ?? [];
  return html`<div class="claim ${c.outcome === 'denied' ? 'denied' : ''}">
<h3>Claim ${c.patientControlNumber} — ${personName(c.patient)} <span class="badge ${c.outcome}">${OUTCOME_TEXT[c.outcome]}</span></h3>
<div class="muted small">Payer claim number ${c.payerClaimControlNumber ?? '—'} · ${c.statusDescription}${c.statementFrom ? ` · service ${c.statementFrom}${c.statementTo && c.statementTo !== c.statementFrom ? ' to ' + c.statementTo : ''}` : ''}</div>
<div>Billed <b>${displayAmount(c.billed)}</b> · allowed <b>${displayAmount(c.allowed)}</b> · paid <b>${displayAmount(c.paid)}</b> · patient owes <b>${displayAmount(c.patientResponsibility.total)}</b>
(deductible ${displayAmount(c.patientResponsibility.deductible)}, coinsurance ${displayAmount(c.patientResponsibility.coinsurance)}, copay ${displayAmount(c.patientResponsibility.copay)}, other ${displayAmount(c.patientResponsibility.other)})</div>
${c.adjustments.length ? html`<div>Claim adjustments:<ul>${c.adjustments.map((a) => html`<li>${adjustmentText(a)}</li>`)}</ul></div>` : ''}
${remarks.length ? html`<div>${c.adjudication?.kind === 'inpatient' ? 'Inpatient' : 'Outpatient'} remarks:<ul>${remarks.map((r) => html`<li>${remarkText(r)}</li>`)}</ul></div>` : ''}
${c.lines.length ? html`<table><thead><tr><th>Line</th><th>Date</th><th>Procedure</th><th>Units</th><th class="num">Charge</th><th class="num">Allowed</th><th class="num">Paid</th><th>Adjustments</th><th>Remarks</th></tr></thead><tbody>${c.lines.map(lineRow)}</tbody></table>` : ''}
</div>`;
}

function remittanceSection(r: Remittance): Html {
  const p = r.payment;
  const billed = sum(r.claims.map((c) => c.billed));
  const patient = sum(r.claims.map((c) => c.patientResponsibility.total));
  const allowed = sum(r.claims.map((c) => c.allowed));
  const balanceFindings = r.findings.filter((f) => f.snip === 3);
  const otherProblems = r.findings.filter((f) => f.snip !== 3 && f.severity === 'error');
  const b = r.balance;
  return html`<section class="remittance" data-trace="${r.trace.number}">
<h2>${p.methodDescription.replace(/\.$/, '')} ${r.trace.number} — ${r.payer.name}</h2>
<div class="summary">
<div>Payer<b>${r.payer.name}</b><span class="small muted">${r.payer.idQualifier ?? ''} ${r.payer.id ?? ''}</span></div>
<div>Payee<b>${r.payee.name}</b><span class="small muted">${r.payee.idQualifier ?? ''} ${r.payee.id ?? ''}</span></div>
<div>Trace number<b>${r.trace.number}</b></div>
<div>Payment date<b>${p.date ?? '—'}</b></div>
<div>Method<b>${p.method}</b><span class="small muted">${p.creditDebit === 'D' ? 'debit' : 'credit'}</span></div>
<div>Total paid<b class="total-paid">${displayAmount(p.amount)}</b></div>
<div>Claims<b>${r.claimCount}</b></div>
</div>
<table class="claims"><thead><tr><th>Patient control #</th><th>Patient</th><th>Payer claim #</th><th>Status</th><th class="num">Billed</th><th class="num">Allowed</th><th class="num">Paid</th><th class="num">Deductible</th><th class="num">Coinsurance</th><th class="num">Copay</th><th class="num">Other PR</th><th class="num">Patient owes</th></tr></thead>
<tbody>${r.claims.map(claimRow)}</tbody>
<tfoot><tr class="totals"><td colspan="4">Totals (${r.claims.length} claims)</td><td class="num">${displayAmount(billed)}</td><td class="num">${displayAmount(allowed)}</td><td class="num">${displayAmount(b.claimsPaid)}</td>
<td class="num">${displayAmount(sum(r.claims.map((c) => c.patientResponsibility.deductible)))}</td><td class="num">${displayAmount(sum(r.claims.map((c) => c.patientResponsibility.coinsurance)))}</td><td class="num">${displayAmount(sum(r.claims.map((c) => c.patientResponsibility.copay)))}</td><td class="num">${displayAmount(sum(r.claims.map((c) => c.patientResponsibility.other)))}</td><td class="num">${displayAmount(patient)}</td></tr></tfoot></table>
${r.reversals.length ? html`<h3>Reversals and corrections</h3><ul>${r.reversals.map((pair) => html`<li>Claim ${pair.patientControlNumber}: payment ${pair.reversedPayerClaimControlNumber ?? ''} reversed${pair.correction !== undefined ? html`, replaced by corrected claim ${pair.correctionPayerClaimControlNumber ?? ''}` : ' (no correction in this remittance)'}.</li>`)}</ul>` : ''}
<h3>Claim details</h3>
${r.claims.map(claimDetail)}
<h3>Provider-level adjustments (PLB)</h3>
${r.providerAdjustments.length
    ? html`<table><thead><tr><th>Provider</th><th>Fiscal period</th><th>Reason</th><th>Meaning</th><th>Reference</th><th class="num">Amount</th></tr></thead><tbody>${r.providerAdjustments.map(
        (a) => html`<tr><td>${a.providerId}</td><td>${a.fiscalPeriodDate ?? ''}</td><td>${a.reason}</td><td>${a.reasonDescription}${a.amount.isNegative() ? ' (added to the payment)' : ' (taken from the payment)'}</td><td>${a.reference ?? ''}</td><td class="num">${displayAmount(a.amount)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">None.</p>`}
<h3>Balance check</h3>
<p class="${b.balanced ? 'ok' : 'bad'}">${b.balanced ? 'Balanced' : 'Does not balance'}: payment ${displayAmount(b.actualPayment)} ${b.expectedPayment.equals(b.actualPayment) ? '=' : '≠'} claims paid ${displayAmount(b.claimsPaid)} − provider adjustments ${displayAmount(b.providerAdjustments)} (${displayAmount(b.expectedPayment)}); ${b.claimImbalances} claim(s) and ${b.lineImbalances} line(s) out of balance.</p>
${balanceFindings.length ? html`<ul>${balanceFindings.map((f) => html`<li>${findingLine(f)}</li>`)}</ul>` : ''}
${otherProblems.length ? html`<h3>Other problems in the file</h3><ul>${otherProblems.slice(0, 200).map((f) => html`<li>${findingLine(f)}</li>`)}</ul>` : ''}
</section>`;
}

/** The HTML report for the remittances of one file. */
export function remittanceHtml(remittances: readonly Remittance[], options: { title?: string } = {}): string {
  const title = options.title ?? 'Remittance report';
  return page(
    title,
    html`<h1>${title}</h1><p class="muted">${remittances.length} payment(s) · ${sum(remittances.map((r) => r.payment.amount)).toFixed(2)} total</p>${remittances.length ? remittances.map(remittanceSection) : html`<p>No remittance could be read from this file.</p>`}`,
  );
}

export const REMITTANCE_CSV_COLUMNS = [
  'payer',
  'trace_number',
  'payment_date',
  'patient_control_number',
  'payer_claim_number',
  'patient',
  'claim_status',
  'outcome',
  'line',
  'service_date',
  'procedure',
  'modifiers',
  'units',
  'line_control_number',
  'charge',
  'allowed',
  'paid',
  'deductible',
  'coinsurance',
  'copay',
  'other_patient_responsibility',
  'adjustments',
  'remarks',
] as const;

/** CSV: one row per service line (a claim without lines gets one row with its claim-level figures). */
export function remittanceCsv(remittances: readonly Remittance[]): string {
  let out = csvRow(REMITTANCE_CSV_COLUMNS);
  const adj = (list: readonly Adjustment[]) => list.map((a) => `${a.group}-${a.reason} ${a.amount.toFixed(2)}`).join('; ');
  const rem = (list: readonly Remark[]) => list.map((r) => r.code).join('; ');
  for (const r of remittances) {
    for (const c of r.claims) {
      const head = [r.payer.name, r.trace.number, r.payment.date ?? '', c.patientControlNumber, c.payerClaimControlNumber ?? '', personName(c.patient), c.status, c.outcome];
      const claimRemarks = c.adjudication?.remarks ?? [];
      if (!c.lines.length) {
        const pr = c.patientResponsibility;
        out += csvRow([...head, '', c.statementFrom ?? '', '', '', '', '', c.billed.toFixed(2), c.allowed.toFixed(2), c.paid.toFixed(2), pr.deductible.toFixed(2), pr.coinsurance.toFixed(2), pr.copay.toFixed(2), pr.other.toFixed(2), adj(c.adjustments), rem(claimRemarks)]);
        continue;
      }
      c.lines.forEach((l, i) => {
        const pr = l.patientResponsibility;
        // Claim-level adjustments and remarks ride on the first line so that nothing is lost.
        const adjustments = i === 0 ? [...c.adjustments, ...l.adjustments] : l.adjustments;
        const remarks = i === 0 ? [...claimRemarks, ...l.remarks] : l.remarks;
        out += csvRow([
          ...head,
          i + 1,
          l.serviceDate ?? l.serviceDateFrom ?? c.statementFrom ?? '',
          l.procedure.code,
          l.procedure.modifiers.join(' '),
          l.units ?? '',
          l.lineControlNumber ?? '',
          l.charge.toFixed(2),
          l.allowed.toFixed(2),
          l.paid.toFixed(2),
          pr.deductible.toFixed(2),
          pr.coinsurance.toFixed(2),
          pr.copay.toFixed(2),
          pr.other.toFixed(2),
          adj(adjustments),
          rem(remarks),
        ]);
      });
    }
  }
  return out;
}

/** JSON: the models (amounts as decimal strings). */
export function remittanceJson(remittances: readonly Remittance[]): string {
  return JSON.stringify(remittances, null, 2) + '\n';
}

