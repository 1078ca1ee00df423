/**
 * The 276 claim-status request (005010X212), written from our claims. One transaction set per payer:
 *
 *   ST*276 / BHT*0010*13
 *   2000A HL*…*20  information source = the payer     2100A NM1*PR*2*NAME*****PI*PAYERID
 *   2000B HL*…*21  information receiver = we (the submitter)   2100B NM1*41*2*NAME*****46*ID
 *   2000C HL*…*19  service provider (billing provider)  2100C NM1*1P*2*NAME*****XX*NPI
 *   2000D HL*…*22  subscriber   [DMG when the subscriber is the patient]   2100D NM1*IL*1*LAST*FIRST****MI*MEMBERID
 *     2200D TRN*1*TRACE  REF*1K*payer claim no.  REF*BLT*type of bill  REF*EJ*CLM01  AMT*T3*charge  DTP*472*RD8*from-to
 *   2000E HL*…*23  dependent (the patient when not the subscriber)  DMG  2100E NM1*QC*1*LAST*FIRST
 *     2200E (as 2200D)
 *
 * The claim's total charge goes in AMT*T3 (X212 "Total Claim Charge Amount"; T2 is not a code the guide
 * allows there). Pure: control numbers, date and time come in; text goes out.
 */
import type { Claim } from '../model.js';
import type { PartnerProfile } from '../partner.js';
import { dateOrRange, toD8, x12Decimal } from '../x12-values.js';
import { organizationNm1, personNm1, providerNm1, ref } from '../write/segments.js';
import { DEFAULT_DELIMITERS } from '../../x12/delimiters.js';
import { X12Writer, type SegmentData } from '../../x12/writer.js';

export const STATUS_REQUEST_VERSION = '005010X212';

/** One claim to ask about. */
export interface StatusInquiryItem {
  /** Our ledger id of the claim (kept with the trace; never written). */
  claimId: string;
  claim: Claim;
  /** TRN02: our trace number for this claim's question; the 277 echoes it. */
  trace: string;
  /** REF*1K: the payer's claim control number, when a 277CA or 835 gave it. */
  payerClaimNumber?: string | null;
}

export interface StatusRequestHeader {
  /** BHT03 */
  reference: string;
  /** CCYYMMDD, HHMM */
  date: string;
  time: string;
  /** 2100B: who asks (the submitter of our 837s). */
  receiver: { name: string; id: string };
}

/** The service dates of a claim: its lines' first and last date (institutional: the statement period). */
export function serviceDatesOf(claim: Claim): { from: string; to: string } {
  if (claim.kind === 'institutional') return { from: claim.statementFrom, to: claim.statementTo };
  const dates: string[] = [];
  for (const l of claim.lines as Array<{ serviceDate?: string; serviceDateEnd?: string }>) {
    if (l.serviceDate) dates.push(l.serviceDate);
    if (l.serviceDateEnd) dates.push(l.serviceDateEnd);
  }
  dates.sort();
  return { from: dates[0], to: dates[dates.length - 1] };
}

function claimStatusLoop(item: StatusInquiryItem): SegmentData[] {
  const c = item.claim;
  const dates = serviceDatesOf(c);
  const d = dateOrRange(dates.from, dates.to === dates.from ? undefined : dates.to);
  return [
    { id: 'TRN', elements: ['1', item.trace] },
    ...ref('1K', item.payerClaimNumber ?? undefined),
    ...ref('BLT', c.kind === 'institutional' ? c.typeOfBill : undefined),
    ...ref('EJ', c.claimId),
    { id: 'AMT', elements: ['T3', x12Decimal(c.totalCharge)] },
    { id: 'DTP', elements: ['472', d.format, d.value] },
  ];
}

const dmg = (birthDate: string | undefined, gender: string | undefined): SegmentData[] =>
  birthDate ? [{ id: 'DMG', elements: ['D8', toD8(birthDate), gender === 'F' || gender === 'M' ? gender : undefined] }] : [];

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (!v) map.set(key, (v = make()));
  return v;
}

/** Items grouped per payer (one transaction set each), in the order they first appear. */
export function byPayer(items: readonly StatusInquiryItem[]): StatusInquiryItem[][] {
  const out = new Map<string, StatusInquiryItem[]>();
  for (const i of items) getOr(out, i.claim.payer.id, () => []).push(i);
  return [...out.values()];
}

/** BHT through the last 2200D/E of one payer's items (all must name the same payer). */
export function write276Body(header: StatusRequestHeader, items: readonly StatusInquiryItem[]): SegmentData[] {
  if (items.length === 0) throw new Error('a 276 asks about at least one claim');
  const payer = items[0].claim.payer;
  if (items.some((i) => i.claim.payer.id !== payer.id)) throw new Error('one 276 transaction set asks one payer');
  const out: SegmentData[] = [{ id: 'BHT', elements: ['0010', '13', header.reference, header.date, header.time] }];
  let hl = 0;
  out.push({ id: 'HL', elements: [String(++hl), '', '20', '1'] }, organizationNm1('PR', payer.name, 'PI', payer.id));
  const receiverHl = ++hl;
  out.push({ id: 'HL', elements: [String(receiverHl), '1', '21', '1'] }, organizationNm1('41', header.receiver.name, '46', header.receiver.id));
  // provider → subscriber → (own claims | patient → claims)
  type Sub = { first: StatusInquiryItem; own: StatusInquiryItem[]; patients: Map<string, StatusInquiryItem[]> };
  const providers = new Map<string, Map<string, Sub>>();
  for (const i of items) {
    const c = i.claim;
    const subs = getOr(providers, `${c.billingProvider.npi ?? ''}|${c.billingProvider.name}`, () => new Map<string, Sub>());
    const sub = getOr(subs, `${c.subscriber.memberId}|${c.subscriber.name.last}|${c.subscriber.name.first ?? ''}`, () => ({ first: i, own: [], patients: new Map() }));
    if (!c.patient) sub.own.push(i);
    else getOr(sub.patients, `${c.patient.name.last}|${c.patient.name.first ?? ''}|${c.patient.birthDate}`, () => []).push(i);
  }
  for (const subs of providers.values()) {
    const providerHl = ++hl;
    const first = subs.values().next().value!.first.claim;
    out.push({ id: 'HL', elements: [String(providerHl), String(receiverHl), '19', '1'] }, providerNm1('1P', first.billingProvider));
    for (const sub of subs.values()) {
      const s = sub.first.claim.subscriber;
      const subscriberHl = ++hl;
      out.push({ id: 'HL', elements: [String(subscriberHl), String(providerHl), '22', sub.patients.size ? '1' : '0'] });
      if (sub.own.length) out.push(...dmg(s.birthDate, s.gender));
      out.push(personNm1('IL', s.name, 'MI', s.memberId));
      for (const i of sub.own) out.push(...claimStatusLoop(i));
      for (const claims of sub.patients.values()) {
        const p = claims[0].claim.patient!;
        out.push({ id: 'HL', elements: [String(++hl), String(subscriberHl), '23'] }, ...dmg(p.birthDate, p.gender), personNm1('QC', p.name));
        for (const i of claims) out.push(...claimStatusLoop(i));
      }
    }
  }
  return out;
}

export interface StatusRequestNumbers {
  interchange: number;
  group: number;
  date: string;
  time: string;
}

export interface StatusRequestFile {
  text: string;
  /** One transaction set per payer, with the ledger ids of the claims it asks about. */
  transactions: Array<{ controlNumber: string; payerId: string; claimIds: string[] }>;
}

/** A whole 276 interchange for one partner: one group (GS01 = HR), one transaction set per payer. */
export function build276(partner: PartnerProfile, items: readonly StatusInquiryItem[], numbers: StatusRequestNumbers): StatusRequestFile {
  const out: string[] = [];
  const w = new X12Writer((t) => out.push(t), DEFAULT_DELIMITERS, partner.lineEnding);
  w.startInterchange({ senderQualifier: partner.isa.senderQualifier, senderId: partner.isa.senderId, receiverQualifier: partner.isa.receiverQualifier, receiverId: partner.isa.receiverId, controlNumber: numbers.interchange, date: numbers.date, time: numbers.time, usage: partner.isa.usage, ackRequested: partner.isa.ackRequested });
  w.startGroup({ functionalId: 'HR', senderCode: partner.gs.senderCode, receiverCode: partner.gs.receiverCode, date: numbers.date, time: numbers.time, controlNumber: numbers.group, version: STATUS_REQUEST_VERSION });
  const transactions: StatusRequestFile['transactions'] = [];
  byPayer(items).forEach((group, k) => {
    const control = String(k + 1).padStart(4, '0');
    w.startTransaction('276', control, STATUS_REQUEST_VERSION);
    const header: StatusRequestHeader = { reference: `${numbers.group}-${k + 1}`, date: numbers.date, time: numbers.time, receiver: { name: partner.submitter.name, id: partner.submitter.id } };
    for (const s of write276Body(header, group)) w.segment(s);
    w.endTransaction();
    transactions.push({ controlNumber: control, payerId: group[0].claim.payer.id, claimIds: group.map((i) => i.claimId) });
  });
  w.endGroup();
  w.endInterchange();
  return { text: out.join(''), transactions };
}
