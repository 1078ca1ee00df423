/**
 * The knowledge base in the shapes the screens and reports use, for the engineers wiring it in:
 *  - `explainAdjustments` adds `explanation`, `nextAction` (and the rest of explainDenial) to each CAS
 *    adjustment of an 835 claim or line — what the JSON report and the API carry;
 *  - `denialReasons` gives the workbench's `Reason` rows (src/billing-rules/reasons.ts) for a denied or
 *    reduced claim, one per group × CARC that needs a person, with the field to fix and its label —
 *    a drop-in for `remittanceReasons` (remarks are explained inside the reason, not listed alone).
 * Pure.
 */
import type { Reason } from '../billing-rules/reasons.js';
import { fieldLabel } from '../billing-rules/fields.js';
import { EXPECTED_REDUCTIONS } from '../remits/outcome-rule.js';
import { explainDenial, type DenialExplanation, type ExplainOptions } from './explain.js';

export interface AdjustmentIn {
  group: string;
  reason: string;
  amount: string;
}

export type ExplainedAdjustment<A extends AdjustmentIn> = A & Omit<DenialExplanation, 'group' | 'carc' | 'rarcs'>;

/** Each adjustment with its explanation; `remarks` are the RARCs of the same claim or line. */
export function explainAdjustments<A extends AdjustmentIn>(adjustments: readonly A[], remarks: readonly string[] = [], options: ExplainOptions = {}): Array<ExplainedAdjustment<A>> {
  return adjustments.map((a) => {
    const { group: _g, carc: _c, rarcs: _r, ...x } = explainDenial(a.group, a.reason, remarks, options);
    return { ...a, ...x };
  });
}

/**
 * Nothing to do for a person: the patient's share is billed by the balance screens; a contract write-off
 * and a prior payer's share are the reductions a "paid" outcome expects (EXPECTED_REDUCTIONS, outcome-rule.ts).
 */
const routine = (x: DenialExplanation) => x.nextAction.kind === 'bill-patient' || x.nextAction.kind === 'none' || EXPECTED_REDUCTIONS.has(`${x.group}-${x.carc}`);

/** Workbench reasons for an 835 outcome: one per group × CARC that needs a person. */
export function denialReasons(adjustments: readonly AdjustmentIn[], remarks: readonly string[] = [], options: ExplainOptions = {}): Reason[] {
  const out: Reason[] = [];
  const seen = new Set<string>();
  for (const a of adjustments) {
    const key = `${a.group}-${a.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const x = explainDenial(a.group, a.reason, remarks, options);
    if (routine(x)) continue;
    const field = x.nextAction.field?.replace(/\[\*\]/g, '[0]');
    const due = x.deadline ? ` ${x.deadline.kind === 'appeal-window' ? 'Appeal' : 'Timely filing'} deadline: ${x.deadline.dueDate ?? `${x.deadline.days} days from the remittance`}.` : '';
    out.push({
      source: '835',
      code: key + (remarks.length ? ` ${[...new Set(remarks)].join(',')}` : ''),
      text: x.explanation,
      fix: x.nextActionText + due,
      ...(field ? { field, fieldLabel: fieldLabel(field) } : {}),
      nextAction: x.nextAction.kind,
      ...(x.deadline ? { deadline: x.deadline } : {}),
    });
  }
  return out;
}
