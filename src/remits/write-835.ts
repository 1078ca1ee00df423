/**
 * Remittance → 835 (005010X221A1). The inverse of the reader: what the reader puts in a Remittance, this
 * writes back, so read(write(model)) gives the model again. Used by the property tests and by the
 * clearinghouse simulator to answer claims with payments.
 *
 * Claims are grouped under LX by `headerNumber` in the order given (a claim without one goes under LX*1);
 * CAS triples are regrouped by group code, six to a segment; PLB pairs six to a segment per provider and
 * fiscal period. Derived fields (descriptions, allowed, patient responsibility split, outcome, balance)
 * are not written: the reader computes them again. Amounts are written without trailing zeros.
 */
import type { Decimal } from 'decimal.js';
import { X12Writer, type GroupHeader, type InterchangeHeader, type SegmentData } from '../x12/writer.js';
import { DEFAULT_DELIMITERS, type Delimiters } from '../x12/delimiters.js';
import { ADJUDICATION_LAYOUT } from './read-835.js';
import type { Adjudication, Adjustment, ClaimPayment, Party, Person, Procedure, ProviderAdjustment, Remittance, ServiceLine } from './model.js';
import { x12Amount, x12Date } from './values.js';

export const VERSION_835 = '005010X221A1';

/** The parts of a Remittance the writer uses (derived fields and findings are not needed). */
export type RemittanceToWrite = Pick<Remittance, 'payment' | 'trace' | 'payer' | 'payee' | 'claims' | 'providerAdjustments'> &
  Partial<Pick<Remittance, 'currency' | 'receiverId' | 'versionId' | 'productionDate' | 'providerSummaries' | 'transactionControlNumber'>>;

const o = (v: string | undefined) => v ?? '';
const amount = (v: Decimal | undefined) => (v === undefined ? '' : x12Amount(v));
const date = (v: string | undefined) => (v ? x12Date(v) : '');

function partySegments(p: Party, role: 'PR' | 'PE'): SegmentData[] {
  const out: SegmentData[] = [{ id: 'N1', elements: [role, p.name, o(p.idQualifier), o(p.id)] }];
  if (p.address) {
    out.push({ id: 'N3', elements: p.address.lines.length ? p.address.lines : [''] });
    out.push({ id: 'N4', elements: [o(p.address.city), o(p.address.state), o(p.address.postalCode), o(p.address.country)] });
  }
  for (const r of p.references) out.push({ id: 'REF', elements: [r.qualifier, r.value] });
  out.push(...contactSegments(p.contacts));
  return out;
}

function contactSegments(contacts: Party['contacts']): SegmentData[] {
  return contacts.map((c) => ({ id: 'PER', elements: [c.function, o(c.name), ...c.numbers.flatMap((n) => [n.qualifier, n.value])] }));
}

function bankElements(b: Remittance['payment']['senderBank']): string[] {
  return b ? [b.idQualifier, b.id, o(b.accountQualifier), o(b.account)] : ['', '', '', ''];
}

/** BPR … 1000B: the segments between ST and the first LX. */
export function headerSegments(r: RemittanceToWrite): SegmentData[] {
  const p = r.payment;
  const out: SegmentData[] = [
    {
      id: 'BPR',
      elements: [p.handling, amount(p.amount), p.creditDebit, p.method, o(p.format), ...bankElements(p.senderBank), o(p.originatingCompanyId), o(p.originatingCompanySupplementalCode), ...bankElements(p.receiverBank), date(p.date)],
    },
    { id: 'TRN', elements: ['1', r.trace.number, o(r.trace.originatorId), o(r.trace.originatorSupplemental)] },
  ];
  if (r.currency) out.push({ id: 'CUR', elements: ['PR', r.currency] });
  if (r.receiverId) out.push({ id: 'REF', elements: ['EV', r.receiverId] });
  if (r.versionId) out.push({ id: 'REF', elements: ['F2', r.versionId] });
  if (r.productionDate) out.push({ id: 'DTM', elements: ['405', date(r.productionDate)] });
  out.push(...partySegments(r.payer, 'PR'), ...partySegments(r.payee, 'PE'));
  return out;
}

/** CAS segments: consecutive triples of one group, up to six per segment. */
export function adjustmentSegments(adjustments: readonly Adjustment[]): SegmentData[] {
  const out: SegmentData[] = [];
  let current: { group: string; triples: string[] } | undefined;
  const flush = () => {
    if (current) out.push({ id: 'CAS', elements: [current.group, ...current.triples] });
    current = undefined;
  };
  for (const a of adjustments) {
    if (!current || current.group !== a.group || current.triples.length >= 18) {
      flush();
      current = { group: a.group, triples: [] };
    }
    current.triples.push(a.reason, amount(a.amount), o(a.quantity));
  }
  flush();
  return out;
}

function personSegment(p: Person | undefined): SegmentData[] {
  if (!p) return [];
  return [{ id: 'NM1', elements: [p.role, p.entityType, o(p.lastName), o(p.firstName), o(p.middleName), '', o(p.suffix), o(p.idQualifier), o(p.id)] }];
}

function adjudicationSegment(a: Adjudication | undefined): SegmentData[] {
  if (!a) return [];
  const layout = ADJUDICATION_LAYOUT[a.kind];
  const elements: string[] = [];
  const put = (pos: number, v: string) => {
    while (elements.length < pos) elements.push('');
    elements[pos - 1] = v;
  };
  for (const x of a.amounts) put(x.element, amount(x.amount));
  for (const x of a.values) put(x.element, x.value);
  a.remarks.slice(0, layout.remarks.length).forEach((r, i) => put(layout.remarks[i], r.code));
  return [{ id: layout.segment, elements }];
}

function procedureElement(p: Procedure | undefined): string[] | string {
  if (!p) return '';
  const mods = [...p.modifiers];
  while (mods.length < 4 && p.description) mods.push('');
  return [p.qualifier, p.code, ...mods, ...(p.description ? [p.description] : [])];
}

const SERVICE_ID_QUALIFIERS = new Set(['1S', 'APC', 'BB', 'E9', 'G1', 'G3', 'LU', 'RB']);

export function lineSegments(l: ServiceLine): SegmentData[] {
  const out: SegmentData[] = [
    { id: 'SVC', elements: [procedureElement(l.procedure), amount(l.charge), amount(l.paid), o(l.revenueCode), o(l.units), procedureElement(l.submittedProcedure), o(l.submittedUnits)] },
  ];
  if (l.serviceDateFrom) out.push({ id: 'DTM', elements: ['150', date(l.serviceDateFrom)] });
  if (l.serviceDateTo) out.push({ id: 'DTM', elements: ['151', date(l.serviceDateTo)] });
  if (l.serviceDate) out.push({ id: 'DTM', elements: ['472', date(l.serviceDate)] });
  out.push(...adjustmentSegments(l.adjustments));
  const serviceIds = l.references.filter((r) => SERVICE_ID_QUALIFIERS.has(r.qualifier));
  for (const r of serviceIds) out.push({ id: 'REF', elements: [r.qualifier, r.value] });
  if (l.lineControlNumber) out.push({ id: 'REF', elements: ['6R', l.lineControlNumber] });
  for (const r of l.references) if (!serviceIds.includes(r)) out.push({ id: 'REF', elements: [r.qualifier, r.value] });
  for (const a of l.amounts) out.push({ id: 'AMT', elements: [a.qualifier, amount(a.amount)] });
  for (const q of l.quantities) out.push({ id: 'QTY', elements: [q.qualifier, q.quantity] });
  for (const r of l.remarks) out.push({ id: 'LQ', elements: [r.qualifier ?? 'HE', r.code] });
  return out;
}

/** One claim payment: CLP … its 2110 lines. */
export function claimSegments(c: ClaimPayment): SegmentData[] {
  const out: SegmentData[] = [
    {
      id: 'CLP',
      elements: [c.patientControlNumber, c.status, amount(c.billed), amount(c.paid), amount(c.patientResponsibilityAmount), c.filingIndicator, o(c.payerClaimControlNumber), o(c.facilityType), o(c.frequency), '', o(c.drgCode), o(c.drgWeight), o(c.dischargeFraction)],
    },
    ...adjustmentSegments(c.adjustments),
    ...personSegment(c.patient),
    ...personSegment(c.insured),
    ...personSegment(c.correctedName),
    ...personSegment(c.renderingProvider),
    ...personSegment(c.crossoverCarrier),
    ...personSegment(c.correctedPayer),
    ...personSegment(c.otherSubscriber),
    ...adjudicationSegment(c.adjudication),
  ];
  for (const r of c.references) out.push({ id: 'REF', elements: [r.qualifier, r.value] });
  if (c.statementFrom) out.push({ id: 'DTM', elements: ['232', date(c.statementFrom)] });
  if (c.statementTo) out.push({ id: 'DTM', elements: ['233', date(c.statementTo)] });
  if (c.coverageExpiration) out.push({ id: 'DTM', elements: ['036', date(c.coverageExpiration)] });
  if (c.receivedDate) out.push({ id: 'DTM', elements: ['050', date(c.receivedDate)] });
  out.push(...contactSegments(c.contacts));
  for (const a of c.amounts) out.push({ id: 'AMT', elements: [a.qualifier, amount(a.amount)] });
  for (const q of c.quantities) out.push({ id: 'QTY', elements: [q.qualifier, q.quantity] });
  for (const l of c.lines) out.push(...lineSegments(l));
  return out;
}

/** PLB segments: pairs for the same provider and fiscal period, six to a segment. */
export function providerAdjustmentSegments(plb: readonly ProviderAdjustment[]): SegmentData[] {
  const out: SegmentData[] = [];
  let current: { key: string; elements: Array<string | string[]> } | undefined;
  for (const a of plb) {
    const key = `${a.providerId}|${a.fiscalPeriodDate ?? ''}`;
    if (!current || current.key !== key || current.elements.length >= 14) {
      if (current) out.push({ id: 'PLB', elements: current.elements });
      current = { key, elements: [a.providerId, date(a.fiscalPeriodDate)] };
    }
    current.elements.push(a.reference ? [a.reason, a.reference] : a.reason, amount(a.amount));
  }
  if (current) out.push({ id: 'PLB', elements: current.elements });
  return out;
}

function headerNumberSegments(r: RemittanceToWrite, headerNumber: string): SegmentData[] {
  const out: SegmentData[] = [{ id: 'LX', elements: [headerNumber] }];
  const s = r.providerSummaries?.find((x) => x.headerNumber === headerNumber);
  if (s && (s.providerId || s.facilityType || s.fiscalPeriodEnd || s.claimCount || s.totalCharge)) {
    out.push({ id: 'TS3', elements: [o(s.providerId), o(s.facilityType), date(s.fiscalPeriodEnd), o(s.claimCount), amount(s.totalCharge)] });
  }
  return out;
}

/**
 * Writes one 835 transaction set through `w` (ST … SE), claims streamed from `claims` (defaults to
 * `r.claims`), so a remittance of any size is written in flat memory.
 */
export function writeRemittance(w: X12Writer, r: RemittanceToWrite, controlNumber: string | number, claims: Iterable<ClaimPayment> = r.claims): void {
  // ST03 is not used by the 005010X221A1 guide: the version travels in GS08.
  w.startTransaction('835', controlNumber);
  for (const s of headerSegments(r)) w.segment(s);
  let lx: string | undefined;
  for (const c of claims) {
    const headerNumber = c.headerNumber ?? '1';
    if (headerNumber !== lx) {
      lx = headerNumber;
      for (const s of headerNumberSegments(r, headerNumber)) w.segment(s);
    }
    for (const s of claimSegments(c)) w.segment(s);
  }
  for (const s of providerAdjustmentSegments(r.providerAdjustments)) w.segment(s);
  w.endTransaction();
}

export interface Write835Options {
  interchange: InterchangeHeader;
  /** GS header without functional id and version (HP and 005010X221A1 are filled in). */
  group: Omit<GroupHeader, 'functionalId' | 'version'>;
  delimiters?: Delimiters;
  /** After each segment terminator; "" (default) for the compact form. */
  lineEnding?: string;
}

/** A whole 835 interchange (one group, one transaction set per remittance) as text. */
export function write835(remittances: readonly RemittanceToWrite[], options: Write835Options): string {
  const parts: string[] = [];
  const w = new X12Writer((t) => parts.push(t), options.delimiters ?? DEFAULT_DELIMITERS, options.lineEnding ?? '');
  w.startInterchange(options.interchange);
  w.startGroup({ ...options.group, functionalId: 'HP', version: VERSION_835 });
  remittances.forEach((r, i) => writeRemittance(w, r, r.transactionControlNumber ?? String(i + 1).padStart(4, '0')));
  w.endGroup();
  w.endInterchange();
  return parts.join('');
}
