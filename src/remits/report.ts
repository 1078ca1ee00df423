/**
 * Remittance reports for billers: HTML (printable, self-contained), CSV (one row per service line with
 * its adjustments) and JSON (the model). One section per check / EFT: payer, trace number, date, totals;
 * per claim billed, allowed, paid, the patient responsibility split, adjustments in plain words, denials
 * highlighted and remark codes explained; provider-level adjustments; the balance check results.
 * Pure: the caller writes the text where it wants.
 */
import { explainDenial, type DenialExplanation } from '../denials/explain.js';
import { describePosition, type Finding } from '../x12/finding.js';
import { Decimal } from 'decimal.js';
import { csvCells, csvRow } from '../text/csv.js';
import { prettyJsonWriter, stringifyAtDepth } from '../text/pretty-json.js';
import { jsonClose, jsonElementHead, jsonMemberHead, jsonString, NOT_PLAIN, printable, writeJson, type JsonParts } from '../text/json-text.js';
import type { RemittanceInProgress } from './read-remittances.js';
import { html, pageEnd, pageStart, type Html } from './html.js';
import type { Adjustment, ClaimPayment, PatientResponsibility, Person, Remark, Remittance, ServiceLine } from './model.js';
import { amountOfCents, centsFixed2, centsOfAmount, displayAmount, ZERO } from './values.js';

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

/** RARC codes among remarks (LQ01 RX lines carry NCPDP reject codes, which the denial knowledge base does not explain). */
const rarcCodes = (remarks: readonly Remark[]) => remarks.filter((r) => r.qualifier !== 'RX').map((r) => r.code);

/**
 * An adjustment with what it means and what to do next, from the denial knowledge base
 * (mappings/denials, src/denials/explain.ts): the remarks at its own level (claim MIA/MOA, line LQ) refine it.
 */
export function explainedAdjustment(a: Adjustment, remarks: readonly Remark[]) {
  const x = explanationOf(a, remarks);
  // Object.assign, not a spread: the same members in the same order, but V8 built the spread copies as slow
  // objects that JSON.stringify then walked ~5× slower (a tenth of `report --format json`).
  return Object.assign({}, a, { explanation: x.explanation, nextAction: x.nextAction, nextActionText: x.nextActionText, patientMayBeBilled: x.patientMayBeBilled });
}

/**
 * `explainDenial` of an adjustment with the remarks at its level, remembered per (group, reason, RARCs):
 * it is pure (the knowledge base is loaded once) and an 835 repeats the same few combinations on every
 * claim, so a report explains each once. Keys are length-prefixed (no separator a code could contain).
 * Bounded: cleared when full.
 */
const EXPLAINED = new Map<string, DenialExplanation>();
const EXPLAINED_LIMIT = 4096;

function explanationOf(a: Adjustment, remarks: readonly Remark[]): DenialExplanation {
  let key = `${a.group.length}:${a.group}${a.reason.length}:${a.reason}`;
  for (let k = 0; k < remarks.length; k++) if (remarks[k].qualifier !== 'RX') key += `${remarks[k].code.length}:${remarks[k].code}`;
  let x = EXPLAINED.get(key);
  if (x === undefined) {
    x = explainDenial(a.group, a.reason, rarcCodes(remarks));
    if (EXPLAINED.size >= EXPLAINED_LIMIT) EXPLAINED.clear();
    EXPLAINED.set(key, x);
  }
  return x;
}

/** An amount as JSON.stringify prints a Decimal (its toJSON), made here so the printer calls no toJSON. */
const amountJson = (d: Decimal): string => d.toJSON();
const patientResponsibilityJson = (p: PatientResponsibility) =>
  Object.assign({}, p, { deductible: amountJson(p.deductible), coinsurance: amountJson(p.coinsurance), copay: amountJson(p.copay), other: amountJson(p.other), total: amountJson(p.total) });

/** explainedAdjustment with its amount as the JSON text of the Decimal (the same JSON). */
function explainedAdjustmentJson(a: Adjustment, remarks: readonly Remark[]) {
  const x = explanationOf(a, remarks);
  return Object.assign({}, a, { amount: amountJson(a.amount), explanation: x.explanation, nextAction: x.nextAction, nextActionText: x.nextActionText, patientMayBeBilled: x.patientMayBeBilled });
}

/**
 * A claim payment as the JSON report gives it: every adjustment (claim and line) with its explanation and
 * next action. The copies it makes anyway (claim, lines, adjustments) hold the amounts as the text their
 * Decimal prints in JSON (Object.assign keeps every member where it was), so JSON.stringify does not call
 * back into JavaScript for each amount; the JSON is the same (remits-model.property.test.ts).
 */
export function explainedClaim(c: ClaimPayment): Record<string, unknown> {
  const claimRemarks = c.adjudication?.remarks ?? [];
  const claim: Record<string, unknown> = Object.assign({}, c, {
    billed: amountJson(c.billed),
    paid: amountJson(c.paid),
    allowed: amountJson(c.allowed),
    patientResponsibility: patientResponsibilityJson(c.patientResponsibility),
    adjustments: c.adjustments.map((a) => explainedAdjustmentJson(a, claimRemarks)),
    lines: c.lines.map((l) =>
      Object.assign({}, l, {
        charge: amountJson(l.charge),
        paid: amountJson(l.paid),
        allowed: amountJson(l.allowed),
        patientResponsibility: patientResponsibilityJson(l.patientResponsibility),
        adjustments: l.adjustments.map((a) => explainedAdjustmentJson(a, l.remarks)),
      }),
    ),
  });
  // Optional: replaced only when the member is there (absent stays absent, undefined stays undefined).
  if (c.patientResponsibilityAmount !== undefined) claim.patientResponsibilityAmount = amountJson(c.patientResponsibilityAmount);
  return claim;
}

/**
 * The JSON text of `explainedClaim(c)` as an element of an array at `depth`, byte for byte what JSON.stringify(explainedClaim(c), null, 2)
 * prints there, written straight from the model (no explained copies): the members in the order
 * Object.assign gives the copies (the model's own keys, with the replaced ones in place, then those it did
 * not have), an adjustment's explanation members printed once per explanation and depth. Values it does not
 * print itself (json-text.ts: a custom toJSON, a class instance) send the whole claim the old way.
 * Property test: test/property/report-json.property.test.ts.
 */
export function explainedClaimJson(c: ClaimPayment, depth: number): string {
  const parts: JsonParts = [];
  writeExplainedClaimJson(parts, c, depth);
  return parts.join('');
}

/**
 * `explainedClaimJson(c, depth)` as pieces pushed onto `parts` (the caller joins them, with other claims':
 * the report's writer joins ~4,096 pieces at a time, not each claim's ~250). When the writer does not print
 * the claim itself, or anything throws, what it pushed is taken back first.
 */
export function writeExplainedClaimJson(parts: JsonParts, c: ClaimPayment, depth: number): void {
  const start = parts.length;
  try {
    writeClaim(parts, c, depth);
  } catch (err) {
    parts.length = start;
    if (err !== NOT_PLAIN) throw err;
    // An element of the claims array: JSON.stringify prints null where a toJSON gives nothing.
    parts.push(stringifyAtDepth(explainedClaim(c), depth) ?? 'null');
  }
}

/**
 * The printed text of the amounts read from files (values.ts interns them by their cents: one immutable
 * Decimal per amount, so an 835's few hundred amounts are printed once each, not ~30 times per claim).
 * Weak: an entry goes when values.ts drops its Decimal.
 */
const AMOUNT_TEXTS = new WeakMap<Decimal, string>();
const decimalToJson = Decimal.prototype.toJSON;

/** An amount as explainedClaim holds it (the text of its Decimal's toJSON), printed (a toJSON that is not a Decimal's may give anything: the old way). */
const amountText = (d: Decimal): string => {
  let q = AMOUNT_TEXTS.get(d);
  if (q !== undefined) return q;
  const text = amountJson(d) as unknown;
  if (typeof text !== 'string') throw NOT_PLAIN;
  q = jsonString(text);
  if (d.toJSON === decimalToJson && centsOfAmount(d) !== undefined) AMOUNT_TEXTS.set(d, q);
  return q;
};

/**
 * An object member: its separator ('{' before the first), head and value (a printable one). Returns true
 * (a member was written) so callers can write `any = member(...) || any`.
 */
const member = (parts: JsonParts, any: boolean, key: string, value: unknown, depth: number): boolean => {
  if (!printable(value)) return any;
  parts.push(jsonMemberHead(key, depth, !any));
  writeJson(parts, value, depth);
  return true;
};

/**
 * A member of the model copied as Object.assign copies it: by assignment, so an own '__proto__' member
 * sets the copy's prototype instead of becoming a member (left out here; when it is an object the copy
 * would inherit from it, e.g. a toJSON, and the claim is printed the old way, as when the model has its
 * own toJSON method).
 *
 * The writers below take the values from `Object.values(o)`, index for index with `Object.keys(o)` (both
 * list the own enumerable string keys in the same order), not `o[key]` per member: that keyed load with a
 * different key each time was ~1/8 of the claim writer (issue 12, round 10). The same values for data
 * members; accessors (which models never have) would be read before printing starts, and the replaced
 * members (amounts, lines…), still read by name, twice.
 */
const copiedMember = (parts: JsonParts, any: boolean, key: string, value: unknown, depth: number): boolean => {
  if (key === 'toJSON' && typeof value === 'function') throw NOT_PLAIN; // the copy has it: JSON.stringify calls it
  if (key !== '__proto__') return member(parts, any, key, value, depth);
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') throw NOT_PLAIN;
  return any;
};

/** A member whose JSON text is given. */
const textMember = (parts: JsonParts, any: boolean, key: string, text: string, depth: number): true => {
  parts.push(jsonMemberHead(key, depth, !any), text);
  return true;
};

/** A member written by `write` (a container). */
const head = (parts: JsonParts, any: boolean, key: string, depth: number): true => {
  parts.push(jsonMemberHead(key, depth, !any));
  return true;
};

const close = (parts: JsonParts, any: boolean, depth: number) => parts.push(any ? jsonClose(depth, false) : '{}');

const CLAIM_REPLACED = ['billed', 'paid', 'allowed', 'patientResponsibility', 'adjustments', 'lines'] as const;

function writeClaim(parts: JsonParts, c: ClaimPayment, depth: number): void {
  const claimRemarks = c.adjudication?.remarks ?? [];
  const d = depth + 1;
  const keys = Object.keys(c);
  const values = Object.values(c);
  let any = false;
  let replaced = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    switch (key) {
      case 'billed':
        replaced |= 1;
        any = textMember(parts, any, key, amountText(c.billed), d);
        break;
      case 'paid':
        replaced |= 2;
        any = textMember(parts, any, key, amountText(c.paid), d);
        break;
      case 'allowed':
        replaced |= 4;
        any = textMember(parts, any, key, amountText(c.allowed), d);
        break;
      case 'patientResponsibility':
        replaced |= 8;
        any = head(parts, any, key, d);
        writePatientResponsibility(parts, c.patientResponsibility, d);
        break;
      case 'adjustments':
        replaced |= 16;
        any = head(parts, any, key, d);
        writeAdjustments(parts, c.adjustments, claimRemarks, d);
        break;
      case 'lines':
        replaced |= 32;
        any = head(parts, any, key, d);
        writeLines(parts, c.lines, d);
        break;
      case 'patientResponsibilityAmount': {
        replaced |= 64;
        const v = c.patientResponsibilityAmount;
        if (v !== undefined) any = textMember(parts, any, key, amountText(v), d);
        break;
      }
      default:
        any = copiedMember(parts, any, key, values[i], d);
    }
  }
  // Members the model lacked: Object.assign added them after its own, in this order.
  for (let k = 0; (replaced & 63) !== 63 && k < CLAIM_REPLACED.length; k++) {
    if (replaced & (1 << k)) continue;
    const key = CLAIM_REPLACED[k];
    any = head(parts, any, key, d);
    if (key === 'patientResponsibility') writePatientResponsibility(parts, c.patientResponsibility, d);
    else if (key === 'adjustments') writeAdjustments(parts, c.adjustments, claimRemarks, d);
    else if (key === 'lines') writeLines(parts, c.lines, d);
    else parts.push(amountText(c[key]));
  }
  // Set on the copy after the others when the model has it but not as its own member (inherited).
  if (!(replaced & 64) && c.patientResponsibilityAmount !== undefined) any = textMember(parts, any, 'patientResponsibilityAmount', amountText(c.patientResponsibilityAmount), d);
  close(parts, any, depth);
}

const LINE_REPLACED = ['charge', 'paid', 'allowed', 'patientResponsibility', 'adjustments'] as const;

function writeLines(parts: JsonParts, lines: readonly ServiceLine[], depth: number): void {
  if (lines.length === 0) {
    parts.push('[]');
    return;
  }
  const next = jsonElementHead(depth + 1, false);
  for (let i = 0; i < lines.length; i++) {
    parts.push(i ? next : jsonElementHead(depth + 1, true));
    writeLine(parts, lines[i], depth + 1);
  }
  parts.push(jsonClose(depth, true));
}

function writeLine(parts: JsonParts, l: ServiceLine, depth: number): void {
  const d = depth + 1;
  const keys = Object.keys(l);
  const values = Object.values(l);
  let any = false;
  let replaced = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    switch (key) {
      case 'charge':
        replaced |= 1;
        any = textMember(parts, any, key, amountText(l.charge), d);
        break;
      case 'paid':
        replaced |= 2;
        any = textMember(parts, any, key, amountText(l.paid), d);
        break;
      case 'allowed':
        replaced |= 4;
        any = textMember(parts, any, key, amountText(l.allowed), d);
        break;
      case 'patientResponsibility':
        replaced |= 8;
        any = head(parts, any, key, d);
        writePatientResponsibility(parts, l.patientResponsibility, d);
        break;
      case 'adjustments':
        replaced |= 16;
        any = head(parts, any, key, d);
        writeAdjustments(parts, l.adjustments, l.remarks, d);
        break;
      default:
        any = copiedMember(parts, any, key, values[i], d);
    }
  }
  for (let k = 0; replaced !== 31 && k < LINE_REPLACED.length; k++) {
    if (replaced & (1 << k)) continue;
    const key = LINE_REPLACED[k];
    any = head(parts, any, key, d);
    if (key === 'patientResponsibility') writePatientResponsibility(parts, l.patientResponsibility, d);
    else if (key === 'adjustments') writeAdjustments(parts, l.adjustments, l.remarks, d);
    else parts.push(amountText(l[key]));
  }
  close(parts, any, depth);
}

const PR_REPLACED = ['deductible', 'coinsurance', 'copay', 'other', 'total'] as const;

/** patientResponsibilityJson(p), printed. */
function writePatientResponsibility(parts: JsonParts, p: PatientResponsibility, depth: number): void {
  const d = depth + 1;
  const keys = Object.keys(p);
  const values = Object.values(p);
  let any = false;
  let replaced = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const k = PR_REPLACED.indexOf(key as (typeof PR_REPLACED)[number]);
    if (k >= 0) {
      replaced |= 1 << k;
      any = textMember(parts, any, key, amountText(p[PR_REPLACED[k]]), d);
    } else any = copiedMember(parts, any, key, values[i], d);
  }
  for (let k = 0; replaced !== 31 && k < PR_REPLACED.length; k++) if (!(replaced & (1 << k))) any = textMember(parts, any, PR_REPLACED[k], amountText(p[PR_REPLACED[k]]), d);
  close(parts, any, depth);
}

function writeAdjustments(parts: JsonParts, list: readonly Adjustment[], remarks: readonly Remark[], depth: number): void {
  if (list.length === 0) {
    parts.push('[]');
    return;
  }
  const next = jsonElementHead(depth + 1, false);
  for (let i = 0; i < list.length; i++) {
    parts.push(i ? next : jsonElementHead(depth + 1, true));
    writeAdjustment(parts, list[i], remarks, depth + 1);
  }
  parts.push(jsonClose(depth, true));
}

const EXPLANATION_KEYS = ['explanation', 'nextAction', 'nextActionText', 'patientMayBeBilled'] as const;

/** The explanation members of an explained adjustment at `depth` (after another member), made once per explanation and depth. */
const explanationTexts = new WeakMap<DenialExplanation, string[]>();

function explanationText(x: DenialExplanation, depth: number): string {
  let texts = explanationTexts.get(x);
  if (!texts) explanationTexts.set(x, (texts = []));
  let text = texts[depth];
  if (text === undefined) {
    const parts: JsonParts = [];
    for (const key of EXPLANATION_KEYS) member(parts, true, key, x[key], depth);
    text = texts[depth] = parts.join('');
  }
  return text;
}

/** explainedAdjustmentJson(a, remarks), printed. */
function writeAdjustment(parts: JsonParts, a: Adjustment, remarks: readonly Remark[], depth: number): void {
  const x = explanationOf(a, remarks);
  const d = depth + 1;
  const keys = Object.keys(a);
  const values = Object.values(a);
  let any = false;
  let replaced = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === 'amount') {
      replaced |= 1;
      any = textMember(parts, any, key, amountText(a.amount), d);
      continue;
    }
    const k = EXPLANATION_KEYS.indexOf(key as (typeof EXPLANATION_KEYS)[number]);
    if (k >= 0) {
      replaced |= 2 << k;
      any = member(parts, any, key, x[EXPLANATION_KEYS[k]], d);
    } else any = copiedMember(parts, any, key, values[i], d);
  }
  if (!(replaced & 1)) any = textMember(parts, any, 'amount', amountText(a.amount), d);
  // The usual case: none of the explanation members was the model's own; they follow the amount.
  if (replaced <= 1) parts.push(explanationText(x, d));
  else for (let k = 0; k < EXPLANATION_KEYS.length; k++) if (!(replaced & (2 << k))) any = member(parts, any, EXPLANATION_KEYS[k], x[EXPLANATION_KEYS[k]], d);
  close(parts, any, depth);
}

/** "CO-97 20.00: <reason> (<group>) — <explanation> Next: <next action>" for the HTML report. */
function adjustmentItem(a: Adjustment, remarks: readonly Remark[]): Html {
  const x = explainedAdjustment(a, remarks);
  return html`<li>${adjustmentText(a)}<div class="small">${x.explanation} <b>Next:</b> ${x.nextActionText}</div></li>`;
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
<td>${l.adjustments.length ? html`<ul>${l.adjustments.map((a) => adjustmentItem(a, l.remarks))}</ul>` : ''}</td>
<td>${l.remarks.length ? html`<ul>${l.remarks.map((r) => html`<li>${remarkText(r)}</li>`)}</ul>` : ''}</td></tr>`;
}

function claimDetail(c: ClaimPayment): Html {
  const remarks = c.adjudication?.remarks ?? [];
  return html`<div class="claim ${c.outcome === 'denied' ? 'denied' : ''}">
<h3>Claim ${c.patientControlNumber} — ${personName(c.patient)} <span class="badge ${c.outcome}">${OUTCOME_TEXT[c.outcome]}</span></h3>
<div class="muted small">Payer claim number ${c.payerClaimControlNumber ?? '—'} · ${c.statusDescription}${c.statementFrom ? ` · service ${c.statementFrom}${c.statementTo && c.statementTo !== c.statementFrom ? ' to ' + c.statementTo : ''}` : ''}</div>
<div>Billed <b>${displayAmount(c.billed)}</b> · allowed <b>${displayAmount(c.allowed)}</b> · paid <b>${displayAmount(c.paid)}</b> · patient owes <b>${displayAmount(c.patientResponsibility.total)}</b>
(deductible ${displayAmount(c.patientResponsibility.deductible)}, coinsurance ${displayAmount(c.patientResponsibility.coinsurance)}, copay ${displayAmount(c.patientResponsibility.copay)}, other ${displayAmount(c.patientResponsibility.other)})</div>
${c.adjustments.length ? html`<div>Claim adjustments:<ul>${c.adjustments.map((a) => adjustmentItem(a, remarks))}</ul></div>` : ''}
${remarks.length ? html`<div>${c.adjudication?.kind === 'inpatient' ? 'Inpatient' : 'Outpatient'} remarks:<ul>${remarks.map((r) => html`<li>${remarkText(r)}</li>`)}</ul></div>` : ''}
${c.lines.length ? html`<table><thead><tr><th>Line</th><th>Date</th><th>Procedure</th><th>Units</th><th class="num">Charge</th><th class="num">Allowed</th><th class="num">Paid</th><th>Adjustments</th><th>Remarks</th></tr></thead><tbody>${c.lines.map(lineRow)}</tbody></table>` : ''}
</div>`;
}

/**
 * A running sum of amounts: exact integer cents for the amounts that know theirs (values.ts), decimal.js
 * for the others; the total is exact either way (the same value as adding every amount with decimal.js).
 */
interface RunningSum {
  cents: number;
  rest: Decimal;
}

const newRunningSum = (): RunningSum => ({ cents: 0, rest: ZERO });

function addToSum(s: RunningSum, amount: Decimal): void {
  const c = centsOfAmount(amount);
  if (c !== undefined && Number.isSafeInteger(s.cents + c)) s.cents += c;
  else s.rest = s.rest.plus(amount);
}

const totalOf = (s: RunningSum): Decimal => (s.cents === 0 ? s.rest : s.rest.isZero() ? amountOfCents(s.cents) : s.rest.plus(amountOfCents(s.cents)));

/** Running sums of a remittance's claims for the totals row (kept while claims stream past). */
interface ClaimTotals {
  count: number;
  billed: RunningSum;
  allowed: RunningSum;
  deductible: RunningSum;
  coinsurance: RunningSum;
  copay: RunningSum;
  other: RunningSum;
  patient: RunningSum;
}

const newClaimTotals = (): ClaimTotals => ({ count: 0, billed: newRunningSum(), allowed: newRunningSum(), deductible: newRunningSum(), coinsurance: newRunningSum(), copay: newRunningSum(), other: newRunningSum(), patient: newRunningSum() });

function addClaimTotals(t: ClaimTotals, c: ClaimPayment): void {
  const pr = c.patientResponsibility;
  t.count++;
  addToSum(t.billed, c.billed);
  addToSum(t.allowed, c.allowed);
  addToSum(t.deductible, pr.deductible);
  addToSum(t.coinsurance, pr.coinsurance);
  addToSum(t.copay, pr.copay);
  addToSum(t.other, pr.other);
  addToSum(t.patient, pr.total);
}

/**
 * The claims of one remittance as the HTML shows them: the first ones in full, the others counted. The
 * shown claims are kept as their rendered row and detail (made when the claim is read), not as models
 * (issue 12, round 9): keeping the first 1,000 claim payments alive made V8 pretenure the object and array
 * literals of the 835 reader (read-835.ts), so every later claim's model, dropped at once, was made in the
 * old generation — 127 mark-compacts instead of 19 and +80 % CPU for a 100 MB `report --format html` with
 * a 1 MiB young generation. Rendered text has no allocation site and is what the section needs.
 */
interface ShownClaims {
  rows: Html[];
  details: Html[];
  totals: ClaimTotals;
}

const noShownClaims = (): ShownClaims => ({ rows: [], details: [], totals: newClaimTotals() });

function remittanceSection(r: Remittance, shown: ShownClaims): Html {
  const p = r.payment;
  const t = shown.totals;
  const omitted = t.count - shown.rows.length;
  const omittedNote = omitted > 0 ? html`<p class="muted omitted">${omitted} more claim(s) of this payment are not listed here (the page shows the first ${shown.rows.length}); the totals cover all ${t.count}. Use --format csv or json for every claim.</p>` : '';
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
<tbody>${shown.rows}</tbody>
<tfoot><tr class="totals"><td colspan="4">Totals (${t.count} claims)</td><td class="num">${displayAmount(totalOf(t.billed))}</td><td class="num">${displayAmount(totalOf(t.allowed))}</td><td class="num">${displayAmount(b.claimsPaid)}</td>
<td class="num">${displayAmount(totalOf(t.deductible))}</td><td class="num">${displayAmount(totalOf(t.coinsurance))}</td><td class="num">${displayAmount(totalOf(t.copay))}</td><td class="num">${displayAmount(totalOf(t.other))}</td><td class="num">${displayAmount(totalOf(t.patient))}</td></tr></tfoot></table>
${omittedNote}
${r.reversals.length ? html`<h3>Reversals and corrections</h3><ul>${r.reversals.map((pair) => html`<li>Claim ${pair.patientControlNumber}: payment ${pair.reversedPayerClaimControlNumber ?? ''} reversed${pair.correction !== undefined ? html`, replaced by corrected claim ${pair.correctionPayerClaimControlNumber ?? ''}` : ' (no correction in this remittance)'}.</li>`)}</ul>` : ''}
<h3>Claim details</h3>
${shown.details}${omittedNote}
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

/**
 * A remittance report written while the 835 is read (flat memory whatever the file size): `claim` for
 * each claim payment as it is read, `remittance` when its transaction set ends (with the claims it
 * holds, when they were not streamed), `end` once. The text goes to `emit` piece by piece.
 */
export interface RemittanceReportWriter {
  claim(claim: ClaimPayment, remittance: RemittanceInProgress): void;
  remittance(remittance: Remittance): void;
  end(): void;
}

/** Claims listed in full per payment in the HTML report; the others are counted and summed. */
export const HTML_CLAIMS_SHOWN = 1000;

/** HTML, one section per payment; each payment lists its first `maxClaimsShown` claims and says how many it left out. */
export function remittanceHtmlWriter(emit: (text: string) => void, options: { title?: string; maxClaimsShown?: number } = {}): RemittanceReportWriter {
  const title = options.title ?? 'Remittance report';
  const max = options.maxClaimsShown ?? HTML_CLAIMS_SHOWN;
  let current: ShownClaims | undefined;
  let payments = 0;
  let paid = ZERO;
  emit(pageStart(title) + html`<h1>${title}</h1>`.text);
  const keep = (c: ClaimPayment) => {
    current ??= noShownClaims();
    addClaimTotals(current.totals, c);
    if (current.rows.length < max) {
      current.rows.push(claimRow(c));
      current.details.push(claimDetail(c));
    }
  };
  return {
    claim: keep,
    remittance(r) {
      if (!current) for (const c of r.claims) keep(c);
      emit(remittanceSection(r, current ?? noShownClaims()).text);
      current = undefined;
      payments++;
      paid = paid.plus(r.payment.amount);
    },
    end() {
      if (!payments) emit(html`<p>No remittance could be read from this file.</p>`.text);
      emit(html`<p class="muted page-summary">${payments} payment(s) · ${paid.toFixed(2)} total</p>`.text + pageEnd());
    },
  };
}

/** The HTML report for the remittances of one file. */
export function remittanceHtml(remittances: readonly Remittance[], options: { title?: string; maxClaimsShown?: number } = {}): string {
  return collect((emit) => remittanceHtmlWriter(emit, options), remittances);
}

function collect(make: (emit: (text: string) => void) => RemittanceReportWriter, remittances: readonly Remittance[]): string {
  let out = '';
  const writer = make((text) => (out += text));
  for (const r of remittances) writer.remittance(r);
  writer.end();
  return out;
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
  'adjustment_explanations',
  'next_actions',
] as const;

type RemittanceHead = Pick<Remittance, 'payer' | 'trace' | 'payment'>;

/** `amount.toFixed(2)`, from the amount's exact cents when it has them (no decimal.js). */
const fixed2 = (amount: Decimal) => {
  const cents = centsOfAmount(amount);
  return cents === undefined ? amount.toFixed(2) : centsFixed2(cents);
};
const adjustmentsCell = (list: readonly Adjustment[]) => {
  let out = '';
  for (let k = 0; k < list.length; k++) out += `${k ? '; ' : ''}${list[k].group}-${list[k].reason} ${fixed2(list[k].amount)}`;
  return out;
};
const remarksCell = (list: readonly Remark[]) => list.map((r) => r.code).join('; ');
/** "CO-97: <explanation>" per adjustment, and the distinct next actions, for the CSV's last two columns. */
const explanationCells = (list: readonly Adjustment[], remarks: readonly Remark[], claimLevel = list.length, claimRemarks: readonly Remark[] = remarks) => {
  // The first `claimLevel` adjustments are the claim's (read with the claim's remarks), the rest the line's.
  let explanations = '';
  const actions: string[] = [];
  for (let k = 0; k < list.length; k++) {
    const a = list[k];
    const x = explanationOf(a, k < claimLevel ? claimRemarks : remarks);
    explanations += `${k ? ' | ' : ''}${a.group}-${a.reason}: ${x.explanation}`;
    if (!actions.includes(x.nextActionText)) actions.push(x.nextActionText);
  }
  return [explanations, actions.join(' | ')];
};

/** The CSV rows of one claim: one per service line (a claim without lines gets one row with its claim-level figures). */
export function claimCsvRows(r: RemittanceHead, c: ClaimPayment): string {
  // The claim's eight cells are the same on each of its rows: written once (csvRow of the whole row is
  // csvCells(head) + ',' + csvCells(rest) + CRLF).
  const head = csvCells([r.payer.name, r.trace.number, r.payment.date ?? '', c.patientControlNumber, c.payerClaimControlNumber ?? '', personName(c.patient), c.status, c.outcome]) + ',';
  const claimRemarks = c.adjudication?.remarks ?? [];
  if (!c.lines.length) {
    const pr = c.patientResponsibility;
    return head + csvRow(['', c.statementFrom ?? '', '', '', '', '', fixed2(c.billed), fixed2(c.allowed), fixed2(c.paid), fixed2(pr.deductible), fixed2(pr.coinsurance), fixed2(pr.copay), fixed2(pr.other), adjustmentsCell(c.adjustments), remarksCell(claimRemarks), ...explanationCells(c.adjustments, claimRemarks)]);
  }
  let out = '';
  for (let i = 0; i < c.lines.length; i++) {
    const l = c.lines[i];
    const pr = l.patientResponsibility;
    // Claim-level adjustments and remarks ride on the first line so that nothing is lost.
    const adjustments = i === 0 && c.adjustments.length ? [...c.adjustments, ...l.adjustments] : l.adjustments;
    const remarks = i === 0 && claimRemarks.length ? [...claimRemarks, ...l.remarks] : l.remarks;
    const [explanations, actions] = explanationCells(adjustments, l.remarks, i === 0 ? c.adjustments.length : 0, claimRemarks);
    out += head;
    out += csvRow([
      i + 1,
      l.serviceDate ?? l.serviceDateFrom ?? c.statementFrom ?? '',
      l.procedure.code,
      l.procedure.modifiers.join(' '),
      l.units ?? '',
      l.lineControlNumber ?? '',
      fixed2(l.charge),
      fixed2(l.allowed),
      fixed2(l.paid),
      fixed2(pr.deductible),
      fixed2(pr.coinsurance),
      fixed2(pr.copay),
      fixed2(pr.other),
      adjustmentsCell(adjustments),
      remarksCell(remarks),
      explanations,
      actions,
    ]);
  }
  return out;
}

/** CSV, one row per service line, written claim by claim. */
export function remittanceCsvWriter(emit: (text: string) => void): RemittanceReportWriter {
  let streamed = false;
  emit(csvRow(REMITTANCE_CSV_COLUMNS));
  return {
    claim(c, r) {
      streamed = true;
      emit(claimCsvRows(r, c));
    },
    remittance(r) {
      if (!streamed) for (const c of r.claims) emit(claimCsvRows(r, c));
      streamed = false;
    },
    end() {},
  };
}

/** CSV: one row per service line (a claim without lines gets one row with its claim-level figures). */
export function remittanceCsv(remittances: readonly Remittance[]): string {
  return collect(remittanceCsvWriter, remittances);
}

/** Remittance members written after the claims (known only when the transaction set ends). */
const AFTER_CLAIMS: ReadonlySet<string> = new Set(['claims', 'providerSummaries', 'claimCount', 'reversals', 'providerAdjustments', 'balance', 'findings']);

/** Claim pieces the JSON writer gathers before it joins and emits them (~100 KB of text). */
const CLAIM_PIECES = 4096;

/**
 * JSON, the models (amounts as decimal strings): an array of remittances, each written as
 * JSON.stringify(…, null, 2) would, except that the members known only at the end of the transaction
 * set (provider summaries, claim count, reversals, PLB, balance, findings) come after the claims.
 */
export function remittanceJsonWriter(emit: (text: string) => void): RemittanceReportWriter {
  /**
   * The claims' JSON pieces, gathered across claims and joined once per CLAIM_PIECES: joining each claim's
   * ~250 pieces (then the batch of claims again) was ~1/8 of `report --format json` (issue 12, round 10).
   * Emitted before anything else the writer emits, so the text keeps its order.
   */
  const pieces: JsonParts = [];
  const emitPieces = () => {
    emit(pieces.join(''));
    pieces.length = 0;
  };
  const json = prettyJsonWriter((text) => {
    if (pieces.length) emitPieces();
    emit(text);
  });
  const writeClaimText = (c: ClaimPayment) => {
    pieces.push(json.head());
    writeExplainedClaimJson(pieces, c, json.depth);
    if (pieces.length >= CLAIM_PIECES) emitPieces();
  };
  let open = false;
  const written = new Set<string>();
  const begin = (r: RemittanceInProgress | Remittance) => {
    json.beginObject();
    for (const [key, value] of Object.entries(r)) {
      if (AFTER_CLAIMS.has(key)) continue;
      json.value(value, key);
      written.add(key);
    }
    json.beginArray('claims');
    open = true;
  };
  json.beginArray();
  return {
    claim(c, r) {
      if (!open) begin(r);
      writeClaimText(c);
    },
    remittance(r) {
      if (!open) {
        begin(r);
        for (const c of r.claims) writeClaimText(c);
      }
      json.end(); // claims
      for (const [key, value] of Object.entries(r)) if (key !== 'claims' && !written.has(key)) json.value(value, key);
      json.end();
      written.clear();
      open = false;
    },
    end() {
      json.end();
      emit('\n');
    },
  };
}

/** JSON: the models (amounts as decimal strings). */
export function remittanceJson(remittances: readonly Remittance[]): string {
  return collect(remittanceJsonWriter, remittances);
}
