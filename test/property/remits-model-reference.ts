/**
 * The 835 claim-payment reader and derivation as they were before issue 12 round 4 (tree look-ups per field,
 * intermediate arrays, Decimal outcome rule): the slow reference that remits-model.property.test.ts compares
 * the single-pass reader of src/remits/read-835.ts with. Test code only; do not use elsewhere.
 */
import type { Decimal } from 'decimal.js';
import { explainDenial } from '../../src/denials/explain.js';
import { csvRow } from '../../src/text/csv.js';
import { personName } from '../../src/remits/report.js';
import type { LoopNode } from '../../src/guides/walker.js';
import { findSegment, findSegments } from '../../src/guides/tree.js';
import { components, element } from '../../src/x12/elements.js';
import type { Segment } from '../../src/x12/tokenizer.js';
import { describeClaimStatus, describeCode } from '../../src/remits/codes.js';
import type { Adjudication, Adjustment, ClaimPayment, Remittance, Outcome, Party, PatientResponsibility, Person, Procedure, Reference, Remark, ServiceLine } from '../../src/remits/model.js';
import { claimPaymentOutcome } from '../../src/remits/outcome-rule.js';
import { ZERO, amountOf, amountOr0, isoDate, minusAmount, opt, sum, sumOf } from '../../src/remits/values.js';

// Descriptions straight from the code lists, without the per-code cache of codes.ts.
const describeCarc = (code: string) => describeCode('carc', code);
const describeRarc = (code: string) => describeCode('rarc', code);
const describeGroup = (code: string) => describeCode('claim-adjustment-group', code);

const at = (s: Segment) => ({ segmentNumber: s.number, byteOffset: s.offset });

/** CAS segments → one adjustment per reason/amount/quantity triple. */
function readAdjustments(segments: readonly Segment[]): Adjustment[] {
  const out: Adjustment[] = [];
  for (const s of segments) {
    const group = element(s, 1);
    for (let i = 2; i <= 17; i += 3) {
      const reason = element(s, i);
      const amount = amountOf(element(s, i + 1));
      if (!reason && !amount) continue;
      const adj: Adjustment = { group, groupDescription: describeGroup(group), reason, reasonDescription: describeCarc(reason), amount: amount ?? amountOr0('') };
      const quantity = opt(element(s, i + 2));
      if (quantity !== undefined) adj.quantity = quantity;
      out.push(adj);
    }
  }
  return out;
}

function readPerson(s: Segment | undefined): Person | undefined {
  if (!s) return undefined;
  return ({
    role: element(s, 1),
    entityType: element(s, 2),
    lastName: opt(element(s, 3)),
    firstName: opt(element(s, 4)),
    middleName: opt(element(s, 5)),
    suffix: opt(element(s, 7)),
    idQualifier: opt(element(s, 8)),
    id: opt(element(s, 9)),
  });
}

function readReferences(segments: readonly Segment[]): Reference[] {
  return segments.map((s) => ({ qualifier: element(s, 1), value: element(s, 2) }));
}

function readContacts(segments: readonly Segment[]): Party['contacts'] {
  return segments.map((s) => {
    const numbers: Reference[] = [];
    for (let i = 3; i <= 7; i += 2) if (element(s, i) || element(s, i + 1)) numbers.push({ qualifier: element(s, i), value: element(s, i + 1) });
    return ({ function: element(s, 1), name: opt(element(s, 2)), numbers });
  });
}

function readProcedure(s: Segment, pos: number): Procedure | undefined {
  const parts = components(s, pos);
  if (!parts[0] && !parts[1]) return undefined;
  return ({ qualifier: parts[0] ?? '', code: parts[1] ?? '', modifiers: parts.slice(2, 6).filter((m) => m !== ''), description: opt(parts[6]) });
}

function readRemarks(values: string[], qualifier?: string): Remark[] {
  return values.filter((c) => c !== '').map((code) => ({ qualifier, code, description: describeRarc(code) }));
}

/** MIA element names (005010X221A1). */
const MIA_AMOUNTS: Readonly<Record<number, string>> = {
  2: 'PPS operating outlier amount',
  4: 'Claim DRG amount',
  6: 'Claim disproportionate share amount',
  7: 'Claim MSP pass-through amount',
  8: 'Claim PPS capital amount',
  9: 'PPS capital FSP DRG amount',
  10: 'PPS capital HSP DRG amount',
  11: 'PPS capital DSH DRG amount',
  12: 'Old capital amount',
  13: 'PPS capital IME amount',
  14: 'PPS operating hospital specific DRG amount',
  16: 'PPS operating federal specific DRG amount',
  17: 'Claim PPS capital outlier amount',
  18: 'Claim indirect teaching amount',
  19: 'Nonpayable professional component amount',
  24: 'PPS capital exception amount',
};
const MIA_VALUES: Readonly<Record<number, string>> = { 1: 'Covered days or visits', 3: 'Lifetime psychiatric days', 15: 'Cost report day count' };
const MIA_REMARK_ELEMENTS = [5, 20, 21, 22, 23] as const;
const MOA_AMOUNTS: Readonly<Record<number, string>> = { 2: 'HCPCS payable amount', 8: 'ESRD payment amount', 9: 'Nonpayable professional component amount' };
const MOA_VALUES: Readonly<Record<number, string>> = { 1: 'Reimbursement rate' };
const MOA_REMARK_ELEMENTS = [3, 4, 5, 6, 7] as const;

const ADJUDICATION_LAYOUT = {
  inpatient: { amounts: MIA_AMOUNTS, values: MIA_VALUES, remarks: MIA_REMARK_ELEMENTS, segment: 'MIA' },
  outpatient: { amounts: MOA_AMOUNTS, values: MOA_VALUES, remarks: MOA_REMARK_ELEMENTS, segment: 'MOA' },
} as const;

function readAdjudication(s: Segment | undefined, kind: Adjudication['kind']): Adjudication | undefined {
  if (!s) return undefined;
  const layout = ADJUDICATION_LAYOUT[kind];
  const out: Adjudication = { kind, amounts: [], values: [], remarks: [] };
  for (let pos = 1; pos < s.elements.length; pos++) {
    const raw = element(s, pos);
    if (raw === '') continue;
    const amountName = (layout.amounts as Record<number, string>)[pos];
    const valueName = (layout.values as Record<number, string>)[pos];
    if (amountName) {
      const amount = amountOf(raw);
      if (amount) out.amounts.push({ element: pos, name: amountName, amount });
    } else if (valueName) out.values.push({ element: pos, name: valueName, value: raw });
  }
  out.remarks = readRemarks(layout.remarks.map((p) => element(s, p)));
  return out;
}

function readLine(loop: LoopNode): ServiceLine {
  const svc = findSegment(loop, 'SVC')!;
  const dates = findSegments(loop, 'DTM');
  const date = (q: string) => {
    const d = dates.find((x) => element(x, 1) === q);
    return d ? isoDate(element(d, 2)) : undefined;
  };
  const refs = findSegments(loop, 'REF');
  const control = refs.find((r) => element(r, 1) === '6R');
  return referenceDeriveLine(
    ({
      procedure: readProcedure(svc, 1) ?? { qualifier: '', code: '', modifiers: [] },
      charge: amountOr0(element(svc, 2)),
      paid: amountOr0(element(svc, 3)),
      revenueCode: opt(element(svc, 4)),
      units: opt(element(svc, 5)),
      submittedProcedure: readProcedure(svc, 6),
      submittedUnits: opt(element(svc, 7)),
      serviceDate: date('472'),
      serviceDateFrom: date('150'),
      serviceDateTo: date('151'),
      adjustments: readAdjustments(findSegments(loop, 'CAS')),
      lineControlNumber: control ? element(control, 2) : undefined,
      references: readReferences(refs.filter((r) => r !== control)),
      amounts: findSegments(loop, 'AMT').map((s) => ({ qualifier: element(s, 1), amount: amountOr0(element(s, 2)) })),
      quantities: findSegments(loop, 'QTY').map((s) => ({ qualifier: element(s, 1), quantity: element(s, 2) })),
      remarks: findSegments(loop, 'LQ').flatMap((s) => readRemarks([element(s, 2)], element(s, 1))),
      position: at(svc),
    }),
  );
}

/** One 2100 claim payment loop → ClaimPayment (derived fields filled in). */
export function referenceReadClaimPayment(loop: LoopNode, headerNumber?: string): ClaimPayment {
  const clp = findSegment(loop, 'CLP')!;
  const nm1 = (q: string) => readPerson(findSegment(loop, 'NM1', [q]));
  const dtm = (q: string) => {
    const s = findSegment(loop, 'DTM', [q]);
    return s ? isoDate(element(s, 2)) : undefined;
  };
  const status = element(clp, 2);
  return referenceDeriveClaim(
    ({
      headerNumber,
      patientControlNumber: element(clp, 1),
      status,
      statusDescription: describeClaimStatus(status),
      billed: amountOr0(element(clp, 3)),
      paid: amountOr0(element(clp, 4)),
      patientResponsibilityAmount: amountOf(element(clp, 5)),
      filingIndicator: element(clp, 6),
      payerClaimControlNumber: opt(element(clp, 7)),
      facilityType: opt(element(clp, 8)),
      frequency: opt(element(clp, 9)),
      drgCode: opt(element(clp, 11)),
      drgWeight: opt(element(clp, 12)),
      dischargeFraction: opt(element(clp, 13)),
      adjustments: readAdjustments(findSegments(loop, 'CAS')),
      patient: nm1('QC'),
      insured: nm1('IL'),
      correctedName: nm1('74'),
      renderingProvider: nm1('82'),
      crossoverCarrier: nm1('TT'),
      correctedPayer: nm1('PR'),
      otherSubscriber: nm1('GB'),
      adjudication: readAdjudication(findSegment(loop, 'MIA'), 'inpatient') ?? readAdjudication(findSegment(loop, 'MOA'), 'outpatient'),
      references: readReferences(findSegments(loop, 'REF')),
      statementFrom: dtm('232'),
      statementTo: dtm('233'),
      coverageExpiration: dtm('036'),
      receivedDate: dtm('050'),
      contacts: readContacts(findSegments(loop, 'PER')),
      amounts: findSegments(loop, 'AMT').map((s) => ({ qualifier: element(s, 1), amount: amountOr0(element(s, 2)) })),
      quantities: findSegments(loop, 'QTY').map((s) => ({ qualifier: element(s, 1), quantity: element(s, 2) })),
      lines: loop.children.filter((c): c is LoopNode => c.kind === 'loop' && c.id === '2110').map(readLine),
      position: at(clp),
    }),
  );
}


function patientResponsibilityOf(adjustments: readonly Adjustment[]): PatientResponsibility {
  // Four small sums over a handful of adjustments: exact cents on the hot path (values.ts), no decimal.js.
  const deductible = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason === '1' ? a.amount : undefined));
  const coinsurance = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason === '2' ? a.amount : undefined));
  const copay = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason === '3' ? a.amount : undefined));
  const other = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason !== '1' && a.reason !== '2' && a.reason !== '3' ? a.amount : undefined));
  return { deductible, coinsurance, copay, other, total: sum([deductible, coinsurance, copay, other]) };
}

/** Charge minus every adjustment that is not the patient's to pay (CO, OA, PI, CR). */
function allowedOf(charge: Decimal, adjustments: readonly Adjustment[]): Decimal {
  const notPatient = sumOf(adjustments, (a) => (a.group !== 'PR' ? a.amount : undefined));
  return notPatient.isZero() ? (charge.isZero() ? ZERO : charge) : minusAmount(charge, notPatient);
}

type LineInput = Omit<ServiceLine, 'allowed' | 'patientResponsibility' | 'denied'>;

/**
 * Fills in a line's derived fields (the object itself is completed and returned). AMT*B6 (allowed
 * actual), when the payer sends it, wins over the computed allowed amount.
 */
export function referenceDeriveLine(line: LineInput): ServiceLine {
  const out = line as ServiceLine;
  const patientResponsibility = patientResponsibilityOf(line.adjustments);
  const b6 = line.amounts.find((a) => a.qualifier === 'B6');
  out.allowed = b6 ? b6.amount : allowedOf(line.charge, line.adjustments);
  out.patientResponsibility = patientResponsibility;
  out.denied = line.paid.isZero() && patientResponsibility.total.isZero() && !line.charge.isZero();
  return out;
}

type ClaimInput = Omit<ClaimPayment, 'allowed' | 'patientResponsibility' | 'outcome'>;

/**
 * Fills in a claim's derived fields (the object itself is completed and returned; its lines must be
 * derived already).
 * Outcome: the one rule of outcome-rule.ts (the ledger uses it too) — reversed (CLP02 22); denied (CLP02 4,
 * or nothing paid and nothing owed by the patient); partially-paid (a line denied or a reduction beyond the
 * contract and the patient's share); paid otherwise — including a claim the payer paid nothing on because
 * it all went to the patient (deductible): `patientResponsibility` says so.
 */
export function referenceDeriveClaim(claim: ClaimInput): ClaimPayment {
  const out = claim as ClaimPayment;
  const all = claim.lines.length ? [...claim.adjustments, ...claim.lines.flatMap((l) => l.adjustments)] : claim.adjustments;
  const patientResponsibility = patientResponsibilityOf(all);
  const outcome: Outcome = claimPaymentOutcome({ statusCode: claim.status, paid: claim.paid, adjustments: claim.adjustments, lines: claim.lines });
  out.allowed = allowedOf(claim.billed, all);
  out.patientResponsibility = patientResponsibility;
  out.outcome = outcome;
  return out;
}

// The CSV report rows as they were written before (explainDenial per adjustment, Decimal toFixed).
/** RARC codes among remarks (LQ01 RX lines carry NCPDP reject codes, which the denial knowledge base does not explain). */
const rarcCodes = (remarks: readonly Remark[]) => remarks.filter((r) => r.qualifier !== 'RX').map((r) => r.code);

/**
 * An adjustment with what it means and what to do next, from the denial knowledge base
 * (mappings/denials, src/denials/explain.ts): the remarks at its own level (claim MIA/MOA, line LQ) refine it.
 */
function explainedAdjustment(a: Adjustment, remarks: readonly Remark[]) {
  const x = explainDenial(a.group, a.reason, rarcCodes(remarks));
  return { ...a, explanation: x.explanation, nextAction: x.nextAction, nextActionText: x.nextActionText, patientMayBeBilled: x.patientMayBeBilled };
}


type RemittanceHead = Pick<Remittance, 'payer' | 'trace' | 'payment'>;

const adjustmentsCell = (list: readonly Adjustment[]) => list.map((a) => `${a.group}-${a.reason} ${a.amount.toFixed(2)}`).join('; ');
const remarksCell = (list: readonly Remark[]) => list.map((r) => r.code).join('; ');
/** "CO-97: <explanation>" per adjustment, and the distinct next actions, for the CSV's last two columns. */
const explanationCells = (list: readonly Adjustment[], remarks: readonly Remark[], claimLevel = list.length, claimRemarks: readonly Remark[] = remarks) => {
  // The first `claimLevel` adjustments are the claim's (read with the claim's remarks), the rest the line's.
  const xs = list.map((a, k) => ({ key: `${a.group}-${a.reason}`, x: explainedAdjustment(a, k < claimLevel ? claimRemarks : remarks) }));
  return [xs.map(({ key, x }) => `${key}: ${x.explanation}`).join(' | '), [...new Set(xs.map(({ x }) => x.nextActionText))].join(' | ')];
};

/** The CSV rows of one claim: one per service line (a claim without lines gets one row with its claim-level figures). */
export function referenceClaimCsvRows(r: RemittanceHead, c: ClaimPayment): string {
  const head = [r.payer.name, r.trace.number, r.payment.date ?? '', c.patientControlNumber, c.payerClaimControlNumber ?? '', personName(c.patient), c.status, c.outcome];
  const claimRemarks = c.adjudication?.remarks ?? [];
  if (!c.lines.length) {
    const pr = c.patientResponsibility;
    return csvRow([...head, '', c.statementFrom ?? '', '', '', '', '', c.billed.toFixed(2), c.allowed.toFixed(2), c.paid.toFixed(2), pr.deductible.toFixed(2), pr.coinsurance.toFixed(2), pr.copay.toFixed(2), pr.other.toFixed(2), adjustmentsCell(c.adjustments), remarksCell(claimRemarks), ...explanationCells(c.adjustments, claimRemarks)]);
  }
  let out = '';
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
      adjustmentsCell(adjustments),
      remarksCell(remarks),
      ...explanationCells(adjustments, l.remarks, i === 0 ? c.adjustments.length : 0, claimRemarks),
    ]);
  });
  return out;
}


/** The JSON report's claim as it was built before. */
export function referenceExplainedClaim(c: ClaimPayment) {
  const claimRemarks = c.adjudication?.remarks ?? [];
  return {
    ...c,
    adjustments: c.adjustments.map((a) => explainedAdjustment(a, claimRemarks)),
    lines: c.lines.map((l) => ({ ...l, adjustments: l.adjustments.map((a) => explainedAdjustment(a, l.remarks)) })),
  };
}
