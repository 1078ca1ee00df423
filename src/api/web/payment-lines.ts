/**
 * A payment line by line (835 loop 2110: SVC with its CAS): charged, allowed, paid, and each adjustment
 * in words. Allowed = charged − the payer's adjustments other than the patient's share (group PR), i.e.
 * what the payer paid plus what the patient owes. Exact decimal arithmetic.
 */
import { Decimal } from 'decimal.js';
import { describeCarc, describeGroup } from '../../remits/codes.js';
import { html, money, type Html } from './layout.js';

export interface PaymentLine {
  line_number: number;
  line_control: string | null;
  procedure_code: string | null;
  charge: string;
  paid: string;
}
export interface PaymentAdjustment {
  line_number: number | null;
  group_code: string;
  reason_code: string;
  amount: string;
}

export function allowedAmount(line: Pick<PaymentLine, 'charge'>, adjustments: readonly PaymentAdjustment[]): string {
  return adjustments.filter((a) => a.group_code !== 'PR').reduce((s, a) => s.minus(a.amount), new Decimal(line.charge)).toFixed(2);
}

export function paymentLinesTable(lines: readonly PaymentLine[], adjustments: readonly PaymentAdjustment[]): Html | '' {
  if (!lines.length) return '';
  return html`<div class="scroll"><table class="payment-lines"><caption class="small">Line by line</caption><thead><tr><th scope="col">Line</th><th scope="col">Procedure</th><th scope="col" class="num">Charged</th><th scope="col" class="num">Allowed</th><th scope="col" class="num">Paid</th><th scope="col">Adjustments</th></tr></thead>
<tbody>${lines.map((l) => {
    const mine = adjustments.filter((a) => a.line_number === l.line_number);
    return html`<tr data-payment-line="${String(l.line_number)}"><td>${String(l.line_number)}${l.line_control ? html`<div class="muted small">${l.line_control}</div>` : ''}</td><td>${l.procedure_code ?? ''}</td><td class="num">${money(l.charge)}</td><td class="num" data-allowed>${money(allowedAmount(l, mine))}</td><td class="num" data-paid>${money(l.paid)}</td><td>${mine.length ? mine.map((a) => html`<div>${a.group_code}-${a.reason_code} ${money(a.amount)}: ${describeGroup(a.group_code)}, ${describeCarc(a.reason_code)}</div>`) : html`<span class="muted">none</span>`}</td></tr>`;
  })}</tbody></table></div>`;
}
