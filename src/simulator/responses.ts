/**
 * The simulated clearinghouse's response files: a 277CA (005010X214) per received 837 interchange and
 * an 835 (005010X221A1) per payer run. Pure: control numbers, dates and the clearinghouse's ids come in.
 *
 * `ResponseWriters` is the seam for the remits/acks writers (src/remits write-835, a 277CA writer):
 * the simulator calls only this interface, so those can replace the built-in ones without touching the
 * simulator's runtime.
 */
import { Decimal } from 'decimal.js';
import { X12Writer, type SegmentData } from '../x12/writer.js';
import type { AdjudicatedClaim } from './adjudicate.js';
import type { ReceivedClaim, SubmitterInfo } from './received-claims.js';

export interface Envelope {
  senderId: string;
  receiverId: string;
  /** GS02 / GS03 */
  senderCode: string;
  receiverCode: string;
  interchangeControl: number;
  groupControl: number;
  date: string;
  time: string;
  usage: 'P' | 'T';
}

export interface ClaimStatusInput {
  envelope: Envelope;
  submitter: SubmitterInfo;
  /** Trace of the 837 it answers (BHT03 or ISA13). */
  reference: string;
  claims: Array<{ claim: ReceivedClaim; accepted: boolean; reason?: { category: string; status: string; entity?: string }; payerClaimNumber?: string }>;
}

export interface RemittanceInput {
  envelope: Envelope;
  payer: { name: string; id: string };
  payee: { name: string; npi: string };
  traceNumber: string;
  claims: AdjudicatedClaim[];
  providerAdjustments: Array<{ providerId: string; reason: string; reference: string; amount: Decimal }>;
}

export interface ResponseWriters {
  write277CA(input: ClaimStatusInput): string;
  write835(input: RemittanceInput): string;
}

const money = (d: Decimal) => {
  const s = d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return s.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
};

function start(w: X12Writer, e: Envelope, functionalId: string, version: string) {
  w.startInterchange({ senderQualifier: 'ZZ', senderId: e.senderId, receiverQualifier: 'ZZ', receiverId: e.receiverId, controlNumber: e.interchangeControl, date: e.date, time: e.time, usage: e.usage });
  w.startGroup({ functionalId, senderCode: e.senderCode, receiverCode: e.receiverCode, date: e.date, time: e.time, controlNumber: e.groupControl, version });
}

function finish(w: X12Writer) {
  w.endGroup();
  w.endInterchange();
}

export function write277CA(input: ClaimStatusInput): string {
  const out: string[] = [];
  const w = new X12Writer((t) => out.push(t), undefined, '\n');
  const e = input.envelope;
  start(w, e, 'HN', '005010X214');
  w.startTransaction('277', '0001', '005010X214');
  const seg = (id: string, ...elements: SegmentData['elements']) => w.segment({ id, elements });
  seg('BHT', '0085', '08', `SIM${e.interchangeControl}`, e.date, e.time, 'TH');
  let hl = 0;
  seg('HL', String(++hl), '', '20', '1');
  seg('NM1', 'AY', '2', 'SIMULATED CLEARINGHOUSE', '', '', '', '', '46', e.senderId);
  seg('TRN', '1', `SIM${e.interchangeControl}`);
  seg('DTP', '050', 'D8', e.date);
  seg('DTP', '009', 'D8', e.date);
  const receiverHl = ++hl;
  seg('HL', String(receiverHl), '1', '21', '1');
  seg('NM1', '41', '2', input.submitter.name || 'SUBMITTER', '', '', '', '', '46', input.submitter.id || e.receiverId);
  seg('TRN', '2', input.reference);
  const accepted = input.claims.filter((c) => c.accepted);
  const rejected = input.claims.filter((c) => !c.accepted);
  const total = (xs: typeof input.claims) => xs.reduce((s, c) => s.plus(c.claim.charge || '0'), new Decimal(0));
  seg('STC', ['A1', '19', 'PR'], e.date, 'WQ', money(total(input.claims)));
  if (accepted.length) seg('QTY', '90', String(accepted.length));
  if (rejected.length) seg('QTY', 'AA', String(rejected.length));
  if (accepted.length) seg('AMT', 'YU', money(total(accepted)));
  if (rejected.length) seg('AMT', 'YY', money(total(rejected)));
  // One 2000C per billing provider, then one 2000D per claim.
  const byProvider = new Map<string, typeof input.claims>();
  for (const c of input.claims) {
    const key = c.claim.billingNpi;
    byProvider.set(key, [...(byProvider.get(key) ?? []), c]);
  }
  for (const [npi, claims] of byProvider) {
    const providerHl = ++hl;
    seg('HL', String(providerHl), String(receiverHl), '19', '1');
    seg('NM1', '85', '2', claims[0].claim.billingName || 'PROVIDER', '', '', '', '', 'XX', npi || '0000000000');
    seg('TRN', '1', '0');
    const acc = claims.filter((c) => c.accepted);
    const rej = claims.filter((c) => !c.accepted);
    if (acc.length) seg('QTY', 'QA', String(acc.length));
    if (rej.length) seg('QTY', 'QC', String(rej.length));
    if (acc.length) seg('AMT', 'YU', money(total(acc)));
    if (rej.length) seg('AMT', 'YY', money(total(rej)));
    for (const c of claims) {
      seg('HL', String(++hl), String(providerHl), 'PT');
      seg('NM1', 'QC', '1', c.claim.patientLast || 'PATIENT', c.claim.patientFirst || undefined, '', '', '', 'MI', c.claim.memberId || 'UNKNOWN');
      seg('TRN', '2', c.claim.patientControlNumber);
      if (c.accepted) seg('STC', ['A2', '20', 'PR'], e.date, 'WQ', money(new Decimal(c.claim.charge || '0')));
      else seg('STC', [c.reason?.category ?? 'A7', c.reason?.status ?? '21', c.reason?.entity ?? 'PR'], e.date, 'U', money(new Decimal(c.claim.charge || '0')));
      if (c.payerClaimNumber) seg('REF', '1K', c.payerClaimNumber);
      const d = c.claim.serviceDate ?? e.date;
      seg('DTP', '472', 'D8', d);
    }
  }
  w.endTransaction();
  finish(w);
  return out.join('');
}

export function write835(input: RemittanceInput): string {
  const out: string[] = [];
  const w = new X12Writer((t) => out.push(t), undefined, '\n');
  const e = input.envelope;
  start(w, e, 'HP', '005010X221A1');
  w.startTransaction('835', '0001');
  const seg = (id: string, ...elements: SegmentData['elements']) => w.segment({ id, elements });
  const sum = (xs: Decimal[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));
  const total = sum(input.claims.map((c) => c.paid)).minus(sum(input.providerAdjustments.map((p) => p.amount)));
  const payerKey = '1' + input.payer.id.padStart(9, '0').slice(-9);
  if (total.gt(0)) seg('BPR', 'C', money(total), 'C', 'CHK', '', '', '', '', '', '', '', '', '', '', '', e.date);
  else seg('BPR', 'H', money(total), 'C', 'NON', '', '', '', '', '', '', '', '', '', '', '', e.date);
  seg('TRN', '1', input.traceNumber, payerKey);
  seg('DTM', '405', e.date);
  seg('N1', 'PR', input.payer.name);
  seg('N3', '100 SIMULATED WAY');
  seg('N4', 'SPRINGFIELD', 'IL', '62701');
  seg('PER', 'BL', 'PROVIDER SERVICES', 'TE', '8005550100');
  seg('N1', 'PE', input.payee.name || 'PROVIDER', 'XX', input.payee.npi || '0000000000');
  seg('LX', '1');
  for (const c of input.claims) {
    seg('CLP', c.claim.patientControlNumber, c.status, money(c.charge), money(c.paid), c.patientResponsibility.isZero() ? undefined : money(c.patientResponsibility), '12', c.payerClaimNumber, '11', '1');
    seg('NM1', 'QC', '1', c.claim.patientLast || 'PATIENT', c.claim.patientFirst || undefined, '', '', '', 'MI', c.claim.memberId || 'UNKNOWN');
    if (c.claim.serviceDate) seg('DTM', '232', c.claim.serviceDate);
    for (const l of c.lines) {
      seg('SVC', [l.qualifier === 'NU' ? 'NU' : l.qualifier || 'HC', l.procedure || '99499'], money(l.charge), money(l.paid), '', l.units && l.units !== '1' ? l.units : undefined);
      if (l.serviceDate) seg('DTM', '472', l.serviceDate);
      const groups = new Map<string, Array<{ reason: string; amount: Decimal }>>();
      for (const a of l.adjustments) groups.set(a.group, [...(groups.get(a.group) ?? []), a]);
      for (const [group, adjs] of groups) {
        for (let i = 0; i < adjs.length; i += 6) seg('CAS', group, ...adjs.slice(i, i + 6).flatMap((a) => [a.reason, money(a.amount), '']));
      }
      if (l.lineControl) seg('REF', '6R', l.lineControl);
      if (!l.allowed.isZero()) seg('AMT', 'B6', money(l.allowed));
      for (const r of l.remarks) seg('LQ', 'HE', r);
    }
  }
  for (let i = 0; i < input.providerAdjustments.length; i += 6) {
    const chunk = input.providerAdjustments.slice(i, i + 6);
    seg('PLB', chunk[0].providerId, `${e.date.slice(0, 4)}1231`, ...chunk.flatMap((p) => [[p.reason, p.reference], money(p.amount)]));
  }
  w.endTransaction();
  finish(w);
  return out.join('');
}

export const builtInWriters: ResponseWriters = { write277CA, write835 };
