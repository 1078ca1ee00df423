/**
 * Builds the acknowledgments for a file we received, from its read report:
 *  - a 999 (005010X231A1) per interchange: one ST*999 per functional group, with AK2/IK3/IK4/IK5 per
 *    transaction set and AK9 for the group — accepted, accepted with errors, partially accepted, rejected;
 *  - a TA1 when the interchange envelope itself is bad, or when ISA14 asks for one.
 * Pure: control numbers, date and time come in through the options.
 */
import type { Finding } from '../x12/finding.js';
import { X12Writer, type SegmentData } from '../x12/writer.js';
import { DEFAULT_DELIMITERS, type Delimiters } from '../x12/delimiters.js';
import { validCCYYMMDD, validTime } from '../x12/envelope-reader.js';
import { loadDictionary } from '../guides/load.js';
import type { GroupSummary, InterchangeSummary, ReadReport, TransactionSummary } from '../guides/reader.js';

export interface AckOptions {
  /** CCYYMMDD and HHMM of the acknowledgment (injected, never read from a clock here). */
  date: string;
  time: string;
  /** Control numbers for the acknowledgment interchange(s): one call per interchange acknowledged. */
  interchangeControlNumber: (index: number) => number;
  groupControlNumber: (index: number) => number;
  /** ISA15 of the acknowledgment; defaults to the usage of the interchange acknowledged. */
  usage?: 'P' | 'T';
  delimiters?: Delimiters;
  lineEnding?: string;
  /** Maximum IK3 loops per transaction set. Default 200. */
  maxSegmentErrors?: number;
}

export interface Acknowledgments {
  /** Acknowledged interchange control number (ISA13). */
  interchange: string;
  /** The 999 file text (absent when the interchange held no functional group to acknowledge). */
  ack999?: string;
  /** The TA1 file text, when one is due. */
  ta1?: string;
  /** TA104 of the TA1, when one is due. */
  ta1Status?: 'A' | 'E' | 'R';
}

const ISA_TA1_REJECT = new Set(['001', '004', '005', '006', '007', '008', '009', '010', '011', '012', '013', '014', '015', '016', '017', '018', '019', '020', '021', '022', '023', '024', '025', '026', '027']);

/** TA1 status and note code for an interchange: R with the first envelope problem's code, or A with 000. */
export function ta1Verdict(ic: InterchangeSummary): { status: 'A' | 'E' | 'R'; note: string } {
  const envelope = ic.findings.filter((f) => f.ack?.ta1 && f.severity === 'error');
  if (envelope.length === 0) return { status: 'A', note: '000' };
  const note = envelope[0].ack!.ta1!;
  // Problems that keep us from trusting the envelope reject it; the rest are noted.
  return { status: ISA_TA1_REJECT.has(note) ? 'R' : 'E', note };
}

export function buildAcknowledgments(report: ReadReport, options: AckOptions): Acknowledgments[] {
  const out: Acknowledgments[] = [];
  let ta1: string[] = [];
  let ack999: string[] = [];
  for (const step of writeAcknowledgments(report, options, (text, part) => (part === 'TA1' ? ta1 : ack999).push(text))) {
    if (step.kind !== 'interchange') continue;
    const result: Acknowledgments = { interchange: step.interchange };
    if (step.ta1Status) {
      result.ta1 = ta1.join('');
      result.ta1Status = step.ta1Status;
    }
    if (step.ack999) result.ack999 = ack999.join('');
    out.push(result);
    ta1 = [];
    ack999 = [];
  }
  return out;
}

/** What `writeAcknowledgments` has done when it pauses: some segments written, or an interchange answered. */
export type AcknowledgmentStep = { kind: 'written' } | { kind: 'interchange'; interchange: string; ta1Status?: 'A' | 'E' | 'R'; ack999: boolean };

/** Segments written between two pauses of `writeAcknowledgments` (the caller applies back-pressure there). */
const SEGMENTS_PER_STEP = 2000;

/**
 * The acknowledgments of every interchange of `report`, written segment by segment to `emit` (the TA1
 * first when one is due, then the 999): the same bytes `buildAcknowledgments` collects. A generator, so
 * that the caller can wait for its output to drain: it pauses every few thousand segments (`written`)
 * and after each interchange (with its verdict). Never holds an interchange's text.
 */
export function* writeAcknowledgments(report: ReadReport, options: AckOptions, emit: (text: string, part: 'TA1' | '999') => void): Generator<AcknowledgmentStep> {
  for (let index = 0; index < report.interchanges.length; index++) {
    const ic = report.interchanges[index]!;
    const verdict = ta1Verdict(ic);
    const header = {
      senderQualifier: ic.receiverQualifier || 'ZZ',
      senderId: ic.receiverId || 'UNKNOWN',
      receiverQualifier: ic.senderQualifier || 'ZZ',
      receiverId: ic.senderId || 'UNKNOWN',
      date: options.date,
      time: options.time,
      usage: options.usage ?? (ic.usage === 'P' ? 'P' : 'T'),
    } as const;
    const d = options.delimiters ?? DEFAULT_DELIMITERS;
    let ta1Status: 'A' | 'E' | 'R' | undefined;
    if (ic.ackRequested || verdict.status !== 'A') {
      const w = new X12Writer((t) => emit(t, 'TA1'), d, options.lineEnding ?? '');
      w.startInterchange({ ...header, controlNumber: options.interchangeControlNumber(index * 2) });
      // Echo the interchange's ISA13/ISA09/ISA10; where those are themselves broken, send well-formed stand-ins.
      const control = /^\d{1,9}$/.test(ic.controlNumber) ? ic.controlNumber.padStart(9, '0') : '000000000';
      const date = /^\d{6}$/.test(ic.date) && validCCYYMMDD('20' + ic.date) ? ic.date : options.date.slice(2, 8);
      const time = /^\d{4}$/.test(ic.time) && validTime(ic.time) ? ic.time : options.time.slice(0, 4);
      w.raw({ id: 'TA1', elements: [control, date, time, verdict.status, verdict.note] });
      w.endInterchange();
      ta1Status = verdict.status;
    }
    // Acknowledgments are never acknowledged: functional groups of 999s (FA) get no 999.
    const groups = ic.groups.filter((g) => g.functionalId !== 'FA');
    const ack999 = verdict.status !== 'R' && groups.length > 0;
    if (ack999) {
      const w = new X12Writer((t) => emit(t, '999'), d, options.lineEnding ?? '');
      w.startInterchange({ ...header, controlNumber: options.interchangeControlNumber(index * 2 + 1) });
      const first = groups[0]!;
      w.startGroup({
        functionalId: 'FA',
        senderCode: first.receiverCode || header.senderId,
        receiverCode: first.senderCode || header.receiverId,
        date: options.date,
        time: options.time,
        controlNumber: options.groupControlNumber(index),
        version: '005010X231A1',
      });
      let written = 0;
      for (let gi = 0; gi < groups.length; gi++) {
        w.startTransaction('999', String(gi + 1).padStart(4, '0'), '005010X231A1');
        for (const s of ack999Segments(groups[gi]!, options)) {
          w.segment(s);
          if (++written % SEGMENTS_PER_STEP === 0) yield { kind: 'written' };
        }
        w.endTransaction();
      }
      w.endGroup();
      w.endInterchange();
    }
    yield { kind: 'interchange', interchange: ic.controlNumber, ta1Status, ack999 };
  }
}

/** The segments of one 999 transaction set between ST and SE, for one functional group. */
export function ack999Body(g: GroupSummary, options: Pick<AckOptions, 'maxSegmentErrors'> = {}): SegmentData[] {
  return [...ack999Segments(g, options)];
}

/** `ack999Body` one segment at a time (one transaction set's errors at most are held). */
export function* ack999Segments(g: GroupSummary, options: Pick<AckOptions, 'maxSegmentErrors'> = {}): Generator<SegmentData> {
  yield { id: 'AK1', elements: [g.functionalId, g.controlNumber, g.version] };
  let accepted = 0;
  for (const t of g.transactions) {
    yield { id: 'AK2', elements: [t.id, t.controlNumber, t.version || undefined] };
    yield* segmentErrors(t, options);
    const status = t.status;
    if (status !== 'R') accepted++;
    const codes = transactionCodes(t);
    yield { id: 'IK5', elements: [status, ...codes.slice(0, 5)] };
  }
  const groupCodes = [...new Set(g.findings.map((f) => f.ack?.group).filter((c): c is string => !!c))].slice(0, 5);
  let status: string = g.status;
  if (groupCodes.length && status === 'A') status = 'E';
  if (!g.closed && !groupCodes.includes('3')) groupCodes.unshift('3');
  yield { id: 'AK9', elements: [status, String(g.transactions.length), String(g.transactions.length), String(accepted), ...groupCodes.slice(0, 5)] };
}

function transactionCodes(t: TransactionSummary): string[] {
  const codes = new Set<string>();
  for (const f of t.findings) if (f.severity === 'error' && f.ack?.transaction) codes.add(f.ack.transaction);
  if (t.status === 'R') {
    const segmentLevel = t.findings.some((f) => f.severity === 'error' && (f.ack?.segment || f.ack?.element));
    if (segmentLevel) codes.add(t.findings.some((f) => f.severity === 'error' && f.snip === 1 && (f.ack?.segment || f.ack?.element)) ? '5' : 'I5');
    if (codes.size === 0) codes.add('I5');
  }
  return [...codes];
}

interface SegmentErrorGroup {
  segmentId: string;
  position: number;
  loop?: string;
  code: string;
  elements: Finding[];
}

function segmentErrors(t: TransactionSummary, options: Pick<AckOptions, 'maxSegmentErrors'>): SegmentData[] {
  const groups = new Map<string, SegmentErrorGroup>();
  for (const f of t.findings) {
    if (f.severity !== 'error') continue;
    const p = f.position;
    if (!f.ack?.segment && !f.ack?.element) continue;
    if (!p.segmentId || p.segmentInTransaction === undefined) continue;
    const key = `${p.segmentInTransaction}:${p.segmentId}:${f.ack.segment === '3' ? 'missing' : ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { segmentId: p.segmentId, position: p.segmentInTransaction, loop: p.loop, code: f.ack.segment ?? '8', elements: [] };
      groups.set(key, g);
    } else if (f.ack.segment && f.ack.segment !== '8') g.code = f.ack.segment;
    if (f.ack.element && p.element) g.elements.push(f);
  }
  const dictionary = loadDictionary();
  const out: SegmentData[] = [];
  for (const g of [...groups.values()].slice(0, options.maxSegmentErrors ?? 200)) {
    // IK301 is ID 2-3: an unrecognised id as received may not fit; send its first three characters.
    const segmentId = g.segmentId.replace(/[^A-Za-z0-9]/g, '').slice(0, 3).toUpperCase();
    if (segmentId.length < 2) continue;
    out.push({ id: 'IK3', elements: [segmentId, String(g.position), g.loop && g.loop !== 'ST' ? g.loop.slice(0, 4) : undefined, g.code] });
    const seen = new Set<string>();
    for (const f of g.elements.slice(0, 99)) {
      const p = f.position;
      const key = `${p.element}:${p.component ?? ''}:${f.ack!.element}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const slot = dictionary.segments[g.segmentId]?.elements[(p.element ?? 1) - 1];
      let ref = slot?.ref;
      if (ref?.startsWith('C') && p.component) ref = dictionary.composites[ref]?.components[p.component - 1]?.ref;
      const where: string[] = [String(p.element)];
      if (p.component) where.push(String(p.component));
      if (p.repetition) {
        if (!p.component) where.push('');
        where.push(String(p.repetition));
      }
      out.push({
        id: 'IK4',
        elements: [where, ref && !ref.startsWith('C') ? ref : undefined, f.ack!.element, undefined],
      });
    }
  }
  return out;
}
