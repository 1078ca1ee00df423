/**
 * The simulated payer's answer to a 276 (005010X212): a 277 (005010X212) that mirrors the request's
 * hierarchy — payer (20), information receiver (21), provider (19), subscriber (22), dependent (23) —
 * and answers each claim question (2200D/E) with TRN*2 = the request's trace and an STC from `decide`.
 * Pure: the decision, control numbers and dates come in.
 *
 *   276: TRN*1*ST12-1~ REF*EJ*PCN1~ AMT*T3*150~ DTP*472*D8*20240301~
 *   277: TRN*2*ST12-1~ STC*P1:20*20240310**150~ REF*1K*PAY1~ REF*EJ*PCN1~ DTP*472*D8*20240301~
 */
import type { Segment } from '../x12/tokenizer.js';
import { X12Writer, structureSegment, type SegmentData } from '../x12/writer.js';
import type { Envelope } from './responses.js';

/** One claim question of a 276, as the payer sees it. */
export interface StatusQuestion {
  trace: string;
  patientControlNumber?: string;
  payerClaimNumber?: string;
  charge?: string;
}

/** The payer's answer to one question. */
export interface StatusDecision {
  category: string;
  status: string;
  payerClaimNumber?: string;
  paid?: string;
}

/** The questions of one 276 transaction set (its 2200D/E loops), in order. */
export function questionsOf(segments: readonly Segment[]): StatusQuestion[] {
  const out: StatusQuestion[] = [];
  let q: StatusQuestion | undefined;
  for (const s of segments) {
    const el = (i: number) => s.elements[i] ?? '';
    if (s.id === 'TRN' && el(1) === '1') out.push((q = { trace: el(2) }));
    else if (s.id === 'HL' || s.id === 'SE') q = undefined;
    else if (q && s.id === 'REF' && el(1) === 'EJ') q.patientControlNumber = el(2);
    else if (q && s.id === 'REF' && el(1) === '1K') q.payerClaimNumber = el(2);
    else if (q && s.id === 'AMT' && el(1) === 'T3') q.charge = el(2);
  }
  return out;
}

/** The 277 for one 276 transaction set (its segments, ST to SE). */
export function write277(e: Envelope, request: readonly Segment[], decide: (q: StatusQuestion) => StatusDecision, lineEnding = '\n'): string {
  const out: string[] = [];
  const w = new X12Writer((t) => out.push(t), undefined, lineEnding);
  w.startInterchange({ senderQualifier: 'ZZ', senderId: e.senderId, receiverQualifier: 'ZZ', receiverId: e.receiverId, controlNumber: e.interchangeControl, date: e.date, time: e.time, usage: e.usage });
  w.startGroup({ functionalId: 'HN', senderCode: e.senderCode, receiverCode: e.receiverCode, date: e.date, time: e.time, controlNumber: e.groupControl, version: '005010X212' });
  w.startTransaction('277', '0001', '005010X212');
  const questions = new Map(questionsOf(request).map((q) => [q.trace, q]));
  // The request's segments, one claim question at a time: TRN + STC, then the references and dates.
  let pending: { trn: SegmentData; refs: SegmentData[]; dtp?: SegmentData; q: StatusQuestion } | undefined;
  const flush = () => {
    if (!pending) return;
    const d = decide(pending.q);
    w.segment(pending.trn);
    w.segment({ id: 'STC', elements: [[d.category, d.status], e.date, '', pending.q.charge ?? '', d.paid ?? ''] });
    const payerNumber = d.payerClaimNumber ?? pending.q.payerClaimNumber;
    if (payerNumber) w.segment({ id: 'REF', elements: ['1K', payerNumber] });
    for (const r of pending.refs) w.segment(r);
    if (pending.dtp) w.segment(pending.dtp);
    pending = undefined;
  };
  let inLine = false;
  for (const s of request) {
    const data = structureSegment(s);
    const el = (i: number) => s.elements[i] ?? '';
    if (s.id === 'ST' || s.id === 'SE' || s.id === 'DMG') continue;
    if (s.id === 'BHT') {
      w.segment({ id: 'BHT', elements: ['0010', '08', el(3) || `SIM${e.interchangeControl}`, e.date, e.time, 'DG'] });
      continue;
    }
    if (s.id === 'HL' || s.id === 'NM1') {
      flush();
      inLine = false;
      w.segment(data);
      continue;
    }
    if (s.id === 'TRN') {
      flush();
      inLine = false;
      pending = { trn: { id: 'TRN', elements: ['2', el(2)] }, refs: [], q: questions.get(el(2)) ?? { trace: el(2) } };
      continue;
    }
    // Service lines (2210D/E) are not answered line by line.
    if (s.id === 'SVC') inLine = true;
    if (!pending || inLine) continue;
    if (s.id === 'REF' && ['BLT', 'EJ'].includes(el(1))) pending.refs.push(data);
    else if (s.id === 'DTP' && el(1) === '472') pending.dtp = data;
  }
  flush();
  w.endTransaction();
  w.endGroup();
  w.endInterchange();
  return out.join('');
}
