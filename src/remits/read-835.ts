/**
 * 835 loop trees → model pieces. Works on the guide engine's loop nodes (never on raw text):
 * the header part of the transaction (BPR, TRN, 1000A payer, 1000B payee), one 2100 claim payment at a
 * time, the LX/TS3 of a 2000 loop, and the PLB segments of the summary.
 *
 * A claim payment is read from its unit handed flat (walker.ts, `FlatUnit`: segments in file order with
 * their loop depth, fields read from the bytes): `readUnitClaimPayment`. `readClaimPayment(tree)` is the
 * same reader over `FlatUnit.ofTree(tree)` — one implementation for both routes.
 */
import { FlatUnit, type LoopNode } from '../guides/walker.js';
import { childLoop, findSegment, findSegments } from '../guides/tree.js';
import { component, components, element } from '../x12/elements.js';
import type { Segment } from '../x12/tokenizer.js';
import { describeCarc, describeClaimStatus, describeGroup, describePaymentMethod, describePlbReason, describeRarc } from './codes.js';
import type { Decimal } from 'decimal.js';
import { addAdjustmentCent, allowedOf, allowedOfCents, claimDerivedByDecimal, emptyAdjustmentCents, outcomeOfCents, patientResponsibilityOf, patientResponsibilityOfCents, type AdjustmentCents } from './derive.js';
import type { Adjudication, Adjustment, ClaimPayment, Party, Person, Procedure, ProviderAdjustment, Reference, Remark, Remittance, ServiceLine } from './model.js';
import { fieldsAt, fieldsOf, type SegmentFields } from './segment-fields.js';
import { ZERO, amountOf, amountOr0, isoDate, opt } from './values.js';

type Header = Omit<Remittance, 'claims' | 'claimCount' | 'providerAdjustments' | 'reversals' | 'balance' | 'providerSummaries' | 'findings' | 'interchangeControlNumber' | 'groupControlNumber' | 'transactionControlNumber' | 'version'>;

const at = (s: Segment) => ({ segmentNumber: s.number, byteOffset: s.offset });
/** `at` of entry i of a flat unit. */
const atEntry = (u: FlatUnit, i: number) => ({ segmentNumber: u.numberAt(i), byteOffset: u.offsetAt(i) });

/**
 * The CAS segment the field reader is on → one adjustment per reason/amount/quantity triple, appended to
 * `out`; with `sums`, each amount's cents are added to them as well (false, and the sums left aside, once one
 * cannot be).
 */
function addAdjustments(f: SegmentFields, out: Adjustment[], sums?: ReadSums): void {
  const group = f.text(1);
  const groupDescription = describeGroup(group);
  for (let i = 2; i <= 17 && i < f.length; i += 3) {
    const reason = f.text(i);
    const amount = f.amount(i + 1);
    if (!reason && !amount) continue;
    if (sums !== undefined && sums.exact) sums.exact = addAdjustmentCent(sums, group, reason, f.cents);
    const adj: Adjustment = { group, groupDescription, reason, reasonDescription: describeCarc(reason), amount: amount ?? ZERO };
    const quantity = f.opt(i + 2);
    if (quantity !== undefined) adj.quantity = quantity;
    out.push(adj);
  }
}

/** CAS segments → one adjustment per reason/amount/quantity triple. */
export function readAdjustments(segments: readonly Segment[]): Adjustment[] {
  const out: Adjustment[] = [];
  for (const s of segments) addAdjustments(fieldsOf(s), out);
  return out;
}

/**
 * Exact cents of the adjustments a line or claim read (derive.ts's split), kept while reading so the derived
 * fields and the balance need no second pass over them; `exact` false once an amount has no exact cents or
 * a sum leaves the safe integers (then the Decimal route decides, with the same values). For a claim,
 * `lineDenied` and `balanced` (every line so far balances in cents) are kept too.
 */
interface ReadSums extends AdjustmentCents {
  exact: boolean;
  lineDenied: boolean;
  balanced: boolean;
}

const newSums = (): ReadSums => ({ deductible: 0, coinsurance: 0, copay: 0, other: 0, notPatient: 0, unexpected: false, exact: true, lineDenied: false, balanced: true });
/** Scratch sums of the line and of the claim being read (one claim at a time, none kept). */
const LINE_SUMS = newSums();
const CLAIM_SUMS = newSums();

function emptySums(s: ReadSums): ReadSums {
  emptyAdjustmentCents(s);
  s.exact = s.balanced = true;
  s.lineDenied = false;
  return s;
}

/** Sum of every adjustment in `s` (NaN when not a safe integer). */
function adjustedCents(s: AdjustmentCents): number {
  const total = s.deductible + s.coinsurance + s.copay + s.other + s.notPatient;
  return Number.isSafeInteger(total) ? total : NaN;
}

/** `from − less = adjusted`, exactly (every operand a safe integer or NaN). */
function balancesInCents(from: number, less: number, adjusted: number): boolean {
  const difference = from - less;
  return Number.isSafeInteger(difference) && difference - adjusted === 0;
}

/**
 * What a claim payment's read proved beyond the model: `balanced` true when every line and the claim
 * balance in exact cents and CLP05 (when sent) equals the PR total, so `checkClaimBalance` has nothing to
 * report (false = not proven: run it).
 */
export interface ClaimReadFacts {
  balanced: boolean;
}

export function readPerson(s: Segment | undefined): Person | undefined {
  return s ? personOf(fieldsOf(s)) : undefined;
}

/** The NM1 the field reader is on → Person. */
function personOf(f: SegmentFields): Person {
  return {
    role: f.text(1),
    entityType: f.text(2),
    lastName: f.opt(3),
    firstName: f.opt(4),
    middleName: f.opt(5),
    suffix: f.opt(7),
    idQualifier: f.opt(8),
    id: f.opt(9),
  };
}

function readReferences(segments: readonly Segment[]): Reference[] {
  return segments.map((s) => ({ qualifier: element(s, 1), value: element(s, 2) }));
}

/** The PER the field reader is on → contact. */
function readContact(f: SegmentFields): Party['contacts'][number] {
  const numbers: Reference[] = [];
  for (let i = 3; i <= 7; i += 2) {
    const qualifier = f.text(i);
    const value = f.text(i + 1);
    if (qualifier || value) numbers.push({ qualifier, value });
  }
  return { function: f.text(1), name: f.opt(2), numbers };
}

function readContacts(segments: readonly Segment[]): Party['contacts'] {
  return segments.map((s) => readContact(fieldsOf(s)));
}

function readParty(loop: LoopNode | undefined): Party {
  if (!loop) return { name: '', references: [], contacts: [] };
  const n1 = findSegment(loop, 'N1');
  const n3 = findSegment(loop, 'N3');
  const n4 = findSegment(loop, 'N4');
  const party: Party = {
    name: n1 ? element(n1, 2) : '',
    idQualifier: n1 ? opt(element(n1, 3)) : undefined,
    id: n1 ? opt(element(n1, 4)) : undefined,
    references: readReferences(findSegments(loop, 'REF')),
    contacts: readContacts(findSegments(loop, 'PER')),
  };
  if (n3 || n4) {
    party.address = ({
      lines: n3 ? [element(n3, 1), element(n3, 2)].filter((v) => v !== '') : [],
      city: n4 ? opt(element(n4, 1)) : undefined,
      state: n4 ? opt(element(n4, 2)) : undefined,
      postalCode: n4 ? opt(element(n4, 3)) : undefined,
      country: n4 ? opt(element(n4, 4)) : undefined,
    });
  }
  return (party);
}

function bank(s: Segment, first: number): Remittance['payment']['senderBank'] {
  const idQualifier = element(s, first);
  const id = element(s, first + 1);
  if (!idQualifier && !id) return undefined;
  return ({ idQualifier, id, accountQualifier: opt(element(s, first + 2)), account: opt(element(s, first + 3)) });
}

/** The header of an 835: payment, trace, payer, payee. `root` is the transaction set loop. */
export function readRemittanceHeader(root: LoopNode): Header {
  const bpr = findSegment(root, 'BPR');
  const trn = findSegment(root, 'TRN');
  const method = bpr ? element(bpr, 4) : '';
  const payment: Header['payment'] = bpr
    ? ({
        handling: element(bpr, 1),
        amount: amountOr0(element(bpr, 2)),
        creditDebit: element(bpr, 3),
        method,
        methodDescription: describePaymentMethod(method),
        format: opt(element(bpr, 5)),
        senderBank: bank(bpr, 6),
        originatingCompanyId: opt(element(bpr, 10)),
        originatingCompanySupplementalCode: opt(element(bpr, 11)),
        receiverBank: bank(bpr, 12),
        date: isoDate(element(bpr, 16)),
      })
    : { handling: '', amount: amountOr0(''), creditDebit: '', method: '', methodDescription: '' };
  const cur = findSegment(root, 'CUR');
  const ev = findSegment(root, 'REF', ['EV']);
  const f2 = findSegment(root, 'REF', ['F2']);
  const dtm = findSegment(root, 'DTM', ['405']);
  return ({
    payment,
    trace: ({ number: trn ? element(trn, 2) : '', originatorId: trn ? opt(element(trn, 3)) : undefined, originatorSupplemental: trn ? opt(element(trn, 4)) : undefined }),
    currency: cur ? opt(element(cur, 2)) : undefined,
    receiverId: ev ? opt(element(ev, 2)) : undefined,
    versionId: f2 ? opt(element(f2, 2)) : undefined,
    productionDate: dtm ? isoDate(element(dtm, 2)) : undefined,
    payer: readParty(childLoop(root, '1000A')),
    payee: readParty(childLoop(root, '1000B')),
    position: bpr ? at(bpr) : undefined,
  });
}

/** LX / TS3 of a 2000 loop. */
export function readProviderSummary(loop: LoopNode): Remittance['providerSummaries'][number] | undefined {
  const lx = findSegment(loop, 'LX');
  if (!lx) return undefined;
  const ts3 = findSegment(loop, 'TS3');
  return ({
    headerNumber: element(lx, 1),
    providerId: ts3 ? opt(element(ts3, 1)) : undefined,
    facilityType: ts3 ? opt(element(ts3, 2)) : undefined,
    fiscalPeriodEnd: ts3 ? isoDate(element(ts3, 3)) : undefined,
    claimCount: ts3 ? opt(element(ts3, 4)) : undefined,
    totalCharge: ts3 ? amountOf(element(ts3, 5)) : undefined,
  });
}

/** SVC01 / SVC06 of the segment the field reader is on. */
function readProcedure(f: SegmentFields, pos: number): Procedure | undefined {
  const n = f.splitComponents(pos);
  const qualifier = f.componentText(0);
  const code = f.componentText(1);
  if (!qualifier && !code) return undefined;
  const modifiers: string[] = [];
  for (let k = 2; k < 6 && k < n; k++) {
    const modifier = f.componentText(k);
    if (modifier !== '') modifiers.push(modifier);
  }
  return { qualifier, code, modifiers, description: opt(f.componentText(6)) };
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
export const MIA_REMARK_ELEMENTS = [5, 20, 21, 22, 23] as const;
const MOA_AMOUNTS: Readonly<Record<number, string>> = { 2: 'HCPCS payable amount', 8: 'ESRD payment amount', 9: 'Nonpayable professional component amount' };
const MOA_VALUES: Readonly<Record<number, string>> = { 1: 'Reimbursement rate' };
export const MOA_REMARK_ELEMENTS = [3, 4, 5, 6, 7] as const;

export const ADJUDICATION_LAYOUT = {
  inpatient: { amounts: MIA_AMOUNTS, values: MIA_VALUES, remarks: MIA_REMARK_ELEMENTS, segment: 'MIA' },
  outpatient: { amounts: MOA_AMOUNTS, values: MOA_VALUES, remarks: MOA_REMARK_ELEMENTS, segment: 'MOA' },
} as const;

/** The MIA or MOA at entry i of a flat unit (-1: none) → Adjudication. */
function readAdjudication(u: FlatUnit, i: number, kind: Adjudication['kind']): Adjudication | undefined {
  if (i < 0) return undefined;
  const f = fieldsAt(u, i);
  const layout = ADJUDICATION_LAYOUT[kind];
  const out: Adjudication = { kind, amounts: [], values: [], remarks: [] };
  const length = f.length;
  for (let pos = 1; pos < length; pos++) {
    const raw = f.text(pos);
    if (raw === '') continue;
    const amountName = (layout.amounts as Record<number, string>)[pos];
    const valueName = (layout.values as Record<number, string>)[pos];
    if (amountName) {
      const amount = f.amount(pos);
      if (amount) out.amounts.push({ element: pos, name: amountName, amount });
    } else if (valueName) out.values.push({ element: pos, name: valueName, value: raw });
  }
  out.remarks = readRemarks(layout.remarks.map((p) => f.text(p)));
  return out;
}

/**
 * One 2110 loop → ServiceLine, appended to `lines`, in one pass over its segments (no look-up per field, no
 * intermediate arrays), its derived fields computed from the cents seen on the way (derive.ts's rules) and set
 * in the same literal, in the order the model lists them (the JSON is unchanged). Adds the line's cents to
 * `claim`. The loop is the flat unit's entries from `start` (the 2110's first segment, at level 1): its own
 * segments are the level-1 entries up to the next level-1 loop or claim-level (level 0) segment — the loop
 * node's segment children; deeper entries are not read. Answers where the line ends.
 */
function readLine(u: FlatUnit, start: number, claim: ReadSums, lines: ServiceLine[]): number {
  let svc = -1;
  // The first DTM*472 / 150 / 151 of the line (a later one with the same qualifier is ignored, as before;
  // '' when that first one's date is not valid).
  let serviceDate: string | undefined;
  let serviceDateFrom: string | undefined;
  let serviceDateTo: string | undefined;
  /** REF*6R's value, the first one. */
  let control: string | undefined;
  let b6: Decimal | undefined;
  const sums = emptySums(LINE_SUMS);
  const references: Reference[] = [];
  const adjustments: Adjustment[] = [];
  const amounts: ServiceLine['amounts'] = [];
  const quantities: ServiceLine['quantities'] = [];
  const remarks: Remark[] = [];
  const n = u.count;
  let i = start;
  for (; i < n; i++) {
    const level = u.levelAt(i);
    if (level === 0 || (i > start && level === 1 && u.opensAt(i) !== undefined)) break;
    if (level !== 1) continue;
    switch (u.idAt(i)) {
      case 'SVC':
        if (svc < 0) svc = i;
        break;
      case 'DTM': {
        const f = fieldsAt(u, i);
        const q = f.text(1);
        if (q === '472') serviceDate ??= f.date(2) ?? '';
        else if (q === '150') serviceDateFrom ??= f.date(2) ?? '';
        else if (q === '151') serviceDateTo ??= f.date(2) ?? '';
        break;
      }
      case 'CAS':
        addAdjustments(fieldsAt(u, i), adjustments, sums);
        break;
      case 'REF': {
        const f = fieldsAt(u, i);
        const q = f.text(1);
        if (control === undefined && q === '6R') control = f.text(2);
        else references.push({ qualifier: q, value: f.text(2) });
        break;
      }
      case 'AMT': {
        const f = fieldsAt(u, i);
        const qualifier = f.text(1);
        const amount = f.amount(2) ?? ZERO;
        // AMT*B6 (allowed actual), the first one, wins over the computed allowed amount.
        if (b6 === undefined && qualifier === 'B6') b6 = amount;
        amounts.push({ qualifier, amount });
        break;
      }
      case 'QTY': {
        const f = fieldsAt(u, i);
        quantities.push({ qualifier: f.text(1), quantity: f.text(2) });
        break;
      }
      case 'LQ': {
        const f = fieldsAt(u, i);
        const code = f.text(2);
        if (code !== '') remarks.push({ qualifier: f.text(1), code, description: describeRarc(code) });
        break;
      }
    }
  }
  // SVC's fields first (the field reader holds one segment at a time), then the line in the model's order.
  if (svc < 0) throw new TypeError(`a 2110 loop without SVC`);
  const f = fieldsAt(u, svc);
  const procedure = readProcedure(f, 1) ?? { qualifier: '', code: '', modifiers: [] };
  const charge = f.amount(2) ?? ZERO;
  const chargeCents = f.cents;
  const paid = f.amount(3) ?? ZERO;
  const paidCents = f.cents;
  const revenueCode = f.opt(4);
  const units = f.opt(5);
  const submittedProcedure = readProcedure(f, 6);
  const submittedUnits = f.opt(7);
  // deriveLine, from the sums.
  let patientResponsibility = sums.exact ? patientResponsibilityOfCents(sums) : undefined;
  let allowed: Decimal;
  if (patientResponsibility !== undefined) allowed = b6 ?? allowedOfCents(charge, sums.notPatient);
  else {
    patientResponsibility = patientResponsibilityOf(adjustments);
    allowed = b6 ?? allowedOf(charge, adjustments);
  }
  addLineSums(claim, sums, chargeCents, paidCents);
  lines.push({
    procedure,
    charge,
    paid,
    revenueCode,
    units,
    submittedProcedure,
    submittedUnits,
    serviceDate: dateRead(serviceDate),
    serviceDateFrom: dateRead(serviceDateFrom),
    serviceDateTo: dateRead(serviceDateTo),
    adjustments,
    lineControlNumber: control,
    references,
    amounts,
    quantities,
    remarks,
    position: atEntry(u, svc),
    allowed,
    patientResponsibility,
    denied: paid.isZero() && patientResponsibility.total.isZero() && !charge.isZero(),
  });
  return i;
}

/**
 * A line's sums into its claim's (deriveClaimInCents's steps: its adjustments, whether it was denied) and
 * whether it balances (SVC02 − SVC03 = its adjustments, checkLineBalance) in exact cents.
 */
function addLineSums(claim: ReadSums, line: ReadSums, chargeCents: number, paidCents: number): void {
  if (!claim.exact) return;
  const linePr = line.deductible + line.coinsurance + line.copay + line.other;
  if (!line.exact || !Number.isSafeInteger(linePr) || !Number.isSafeInteger(chargeCents) || !Number.isSafeInteger(paidCents)) {
    claim.exact = false;
    return;
  }
  const deductible = (claim.deductible += line.deductible);
  const coinsurance = (claim.coinsurance += line.coinsurance);
  const copay = (claim.copay += line.copay);
  const other = (claim.other += line.other);
  const notPatient = (claim.notPatient += line.notPatient);
  if (!Number.isSafeInteger(deductible) || !Number.isSafeInteger(coinsurance) || !Number.isSafeInteger(copay) || !Number.isSafeInteger(other) || !Number.isSafeInteger(notPatient)) {
    claim.exact = false;
    return;
  }
  if (line.unexpected) claim.unexpected = true;
  if (paidCents === 0 && linePr === 0 && chargeCents !== 0) claim.lineDenied = true;
  if (!balancesInCents(chargeCents, paidCents, adjustedCents(line))) claim.balanced = false;
}


/**
 * What a 2100 loop's single segments give a claim payment, read as each is met (the first of each kind wins,
 * as before; the lists are kept in order). A DTM whose date is not valid is '' (it still wins).
 */
interface ClaimSingles {
  /** The unit's entry of the first CLP, MIA, MOA (-1: none yet). */
  clp: number;
  /** NM1 by NM101, the first of each. */
  qc?: Person;
  il?: Person;
  n74?: Person;
  n82?: Person;
  tt?: Person;
  pr?: Person;
  gb?: Person;
  mia: number;
  moa: number;
  /** DTM02 by DTM01, the first of each. */
  d232?: string;
  d233?: string;
  d036?: string;
  d050?: string;
}

/** One scratch object for readClaimPayment (it reads one claim at a time and keeps none of it), emptied per claim. */
const SEEN: ClaimSingles = { clp: -1, qc: undefined, il: undefined, n74: undefined, n82: undefined, tt: undefined, pr: undefined, gb: undefined, mia: -1, moa: -1, d232: undefined, d233: undefined, d036: undefined, d050: undefined };

function emptySeen(): ClaimSingles {
  const s = SEEN;
  s.clp = s.mia = s.moa = -1;
  s.qc = s.il = s.n74 = s.n82 = s.tt = s.pr = s.gb = undefined;
  s.d232 = s.d233 = s.d036 = s.d050 = undefined;
  return s;
}

/** A date read from DTM02 (undefined when the first DTM of its kind had none valid). */
const dateRead = (d: string | undefined) => (d === '' ? undefined : d);

/** One 2100 claim payment loop → ClaimPayment (derived fields filled in): `readUnitClaimPayment` of its tree. */
export function readClaimPayment(loop: LoopNode, headerNumber?: string, facts?: ClaimReadFacts): ClaimPayment {
  return readUnitClaimPayment(FlatUnit.ofTree(loop), headerNumber, facts);
}

/**
 * One 2100 claim payment handed flat (walker.ts, FlatUnit) → ClaimPayment (derived fields filled in), in one
 * pass over its entries: the claim's own segments are those at level 0, a service line is a 2110 loop opened
 * at level 1 (readLine); entries of other loops are not read — what the tree's segment children and 2110
 * children are, in the same (file) order.
 */
export function readUnitClaimPayment(u: FlatUnit, headerNumber?: string, facts?: ClaimReadFacts): ClaimPayment {
  const seen = emptySeen();
  const sums = emptySums(CLAIM_SUMS);
  const adjustments: Adjustment[] = [];
  const references: Reference[] = [];
  const contacts: ClaimPayment['contacts'] = [];
  const amounts: ClaimPayment['amounts'] = [];
  const quantities: ClaimPayment['quantities'] = [];
  const lines: ServiceLine[] = [];
  const n = u.count;
  for (let i = 0; i < n; ) {
    if (u.levelAt(i) !== 0) {
      const loop = u.levelAt(i) === 1 ? u.opensAt(i) : undefined;
      if (loop !== undefined && loop.id === '2110') i = readLine(u, i, sums, lines);
      else i++;
      continue;
    }
    switch (u.idAt(i)) {
      case 'CLP':
        if (seen.clp < 0) seen.clp = i;
        break;
      case 'CAS':
        addAdjustments(fieldsAt(u, i), adjustments, sums);
        break;
      case 'NM1': {
        const f = fieldsAt(u, i);
        switch (f.text(1)) {
          case 'QC':
            seen.qc ??= personOf(f);
            break;
          case 'IL':
            seen.il ??= personOf(f);
            break;
          case '74':
            seen.n74 ??= personOf(f);
            break;
          case '82':
            seen.n82 ??= personOf(f);
            break;
          case 'TT':
            seen.tt ??= personOf(f);
            break;
          case 'PR':
            seen.pr ??= personOf(f);
            break;
          case 'GB':
            seen.gb ??= personOf(f);
            break;
        }
        break;
      }
      case 'MIA':
        if (seen.mia < 0) seen.mia = i;
        break;
      case 'MOA':
        if (seen.moa < 0) seen.moa = i;
        break;
      case 'REF': {
        const f = fieldsAt(u, i);
        references.push({ qualifier: f.text(1), value: f.text(2) });
        break;
      }
      case 'DTM': {
        const f = fieldsAt(u, i);
        switch (f.text(1)) {
          case '232':
            seen.d232 ??= f.date(2) ?? '';
            break;
          case '233':
            seen.d233 ??= f.date(2) ?? '';
            break;
          case '036':
            seen.d036 ??= f.date(2) ?? '';
            break;
          case '050':
            seen.d050 ??= f.date(2) ?? '';
            break;
        }
        break;
      }
      case 'PER':
        contacts.push(readContact(fieldsAt(u, i)));
        break;
      case 'AMT': {
        const f = fieldsAt(u, i);
        amounts.push({ qualifier: f.text(1), amount: f.amount(2) ?? ZERO });
        break;
      }
      case 'QTY': {
        const f = fieldsAt(u, i);
        quantities.push({ qualifier: f.text(1), quantity: f.text(2) });
        break;
      }
    }
    i++;
  }
  const clp = seen.clp;
  // CLP's fields first (the field reader holds one segment at a time), then the claim in the model's order.
  if (clp < 0) throw new TypeError('a 2100 loop without CLP');
  const f = fieldsAt(u, clp);
  const patientControlNumber = f.text(1);
  const status = f.text(2);
  const billed = f.amount(3) ?? ZERO;
  const billedCents = f.cents;
  const paid = f.amount(4) ?? ZERO;
  const paidCents = f.cents;
  const patientResponsibilityAmount = f.amount(5);
  const patientResponsibilityCents = f.cents;
  const filingIndicator = f.text(6);
  const payerClaimControlNumber = f.opt(7);
  const facilityType = f.opt(8);
  const frequency = f.opt(9);
  const drgCode = f.opt(11);
  const drgWeight = f.opt(12);
  const dischargeFraction = f.opt(13);
  // deriveClaim, from the sums of the claim's and its lines' adjustments (decimal.js when they are not exact).
  let patientResponsibility = sums.exact && Number.isSafeInteger(paidCents) ? patientResponsibilityOfCents(sums) : undefined;
  const inCents = patientResponsibility !== undefined;
  let allowed: Decimal;
  let outcome: ClaimPayment['outcome'];
  if (patientResponsibility !== undefined) {
    allowed = allowedOfCents(billed, sums.notPatient);
    outcome = outcomeOfCents(status, paidCents, patientResponsibility, sums.unexpected, sums.lineDenied);
  } else ({ allowed, patientResponsibility, outcome } = claimDerivedByDecimal({ status, billed, paid, adjustments, lines }));
  if (facts !== undefined) {
    // checkClaimBalance's three checks, in exact cents: every line, billed − paid = every adjustment, CLP05 = PR total.
    const prTotal = sums.deductible + sums.coinsurance + sums.copay + sums.other;
    facts.balanced =
      inCents &&
      sums.balanced &&
      balancesInCents(billedCents, paidCents, adjustedCents(sums)) &&
      (patientResponsibilityAmount === undefined || patientResponsibilityCents === prTotal);
  }
  return {
    headerNumber,
    patientControlNumber,
    status,
    statusDescription: describeClaimStatus(status),
    billed,
    paid,
    patientResponsibilityAmount,
    filingIndicator,
    payerClaimControlNumber,
    facilityType,
    frequency,
    drgCode,
    drgWeight,
    dischargeFraction,
    adjustments,
    patient: seen.qc,
    insured: seen.il,
    correctedName: seen.n74,
    renderingProvider: seen.n82,
    crossoverCarrier: seen.tt,
    correctedPayer: seen.pr,
    otherSubscriber: seen.gb,
    adjudication: readAdjudication(u, seen.mia, 'inpatient') ?? readAdjudication(u, seen.moa, 'outpatient'),
    references,
    statementFrom: dateRead(seen.d232),
    statementTo: dateRead(seen.d233),
    coverageExpiration: dateRead(seen.d036),
    receivedDate: dateRead(seen.d050),
    contacts,
    amounts,
    quantities,
    lines,
    position: atEntry(u, clp),
    allowed,
    patientResponsibility,
    outcome,
  };
}

/** PLB segments → one provider adjustment per reason/amount pair. */
export function readProviderAdjustments(segments: readonly Segment[]): ProviderAdjustment[] {
  const out: ProviderAdjustment[] = [];
  for (const s of segments) {
    for (let i = 3; i <= 13; i += 2) {
      const reason = component(s, i, 1);
      const amount = amountOf(element(s, i + 1));
      if (!reason && !amount) continue;
      out.push(
        ({
          providerId: element(s, 1),
          fiscalPeriodDate: isoDate(element(s, 2)),
          reason,
          reasonDescription: describePlbReason(reason),
          reference: opt(component(s, i, 2)),
          amount: amount ?? amountOr0(''),
          position: at(s),
        }),
      );
    }
  }
  return out;
}


