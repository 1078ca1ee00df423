/**
 * Walks the envelope structure of a segment stream — ISA/IEA, GS/GE, ST/SE — and checks it (SNIP 1):
 * control numbers that match, counts that match, trailers that are present, headers whose fixed elements
 * are valid, control numbers that are unique. The segments inside each transaction set are handed on to a
 * handler (the guide engine) with their envelope context. Pure: no I/O, no clock.
 */
import type { Finding, Position } from './finding.js';
import type { Segment } from './tokenizer.js';

export interface InterchangeInfo {
  isa: Segment;
  /** ISA13 */
  controlNumber: string;
  /** ISA14 = "1" */
  ackRequested: boolean;
  /** ISA15: "P" production, "T" test. */
  usage: string;
  /** ISA12 */
  version: string;
  groupCount: number;
  /** Segments directly inside the interchange that are not groups (TA1). */
  findings: Finding[];
}

export interface GroupInfo {
  gs: Segment;
  /** GS01 */
  functionalId: string;
  /** GS06 */
  controlNumber: string;
  /** GS08 */
  version: string;
  transactionCount: number;
  findings: Finding[];
}

export interface TransactionInfo {
  st: Segment;
  /** ST01 */
  id: string;
  /** ST02 */
  controlNumber: string;
  /** ST03 (5010), falling back to GS08 */
  version: string;
  /** Segments counted so far, ST included. */
  segmentCount: number;
  findings: Finding[];
}

export interface EnvelopeContext {
  file?: string;
  interchange?: InterchangeInfo;
  group?: GroupInfo;
  transaction?: TransactionInfo;
}

export interface EnvelopeHandler {
  interchangeStart?(ctx: EnvelopeContext): void;
  /** `iea` is undefined when the trailer is missing. */
  interchangeEnd?(iea: Segment | undefined, ctx: EnvelopeContext): void;
  groupStart?(ctx: EnvelopeContext): void;
  groupEnd?(ge: Segment | undefined, ctx: EnvelopeContext): void;
  transactionStart?(ctx: EnvelopeContext): void;
  /** A segment between ST and SE (exclusive). */
  transactionSegment?(segment: Segment, ctx: EnvelopeContext): void;
  /** `se` is undefined when the trailer is missing. Envelope findings for the set are in ctx.transaction.findings. */
  transactionEnd?(se: Segment | undefined, ctx: EnvelopeContext): void;
  /** A segment directly inside an interchange but outside a group (TA1). */
  interchangeSegment?(segment: Segment, ctx: EnvelopeContext): void;
  /** Every envelope finding, as it is found. */
  finding?(finding: Finding): void;
}

const DIGITS = /^\d+$/;

function validYYMMDD(v: string): boolean {
  if (!/^\d{6}$/.test(v)) return false;
  const m = +v.slice(2, 4), d = +v.slice(4, 6);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(2000 + +v.slice(0, 2), m);
}
export function validCCYYMMDD(v: string): boolean {
  if (!/^\d{8}$/.test(v)) return false;
  const y = +v.slice(0, 4), m = +v.slice(4, 6), d = +v.slice(6, 8);
  return y >= 1800 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in month `m` (1-12) of year `y` (undefined outside 1-12). No allocation: the clean pass calls it per date. */
export function daysIn(y: number, m: number): number {
  return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS_IN_MONTH[m - 1];
}
export function validTime(v: string): boolean {
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(v)) return false;
  return +v.slice(0, 2) <= 23 && +v.slice(2, 4) <= 59 && (v.length < 6 || +v.slice(4, 6) <= 59);
}

export class EnvelopeReader {
  private ctx: EnvelopeContext;
  private interchangeNumbers = new Set<string>();
  private groupNumbers = new Set<string>();
  private transactionNumbers = new Set<string>();

  constructor(private readonly handler: EnvelopeHandler, file?: string) {
    this.ctx = { file };
  }

  private position(segment: Segment | undefined, extra: Partial<Position> = {}): Position {
    const p: Position = {};
    if (this.ctx.file) p.file = this.ctx.file;
    if (this.ctx.interchange) p.interchange = this.ctx.interchange.controlNumber;
    if (this.ctx.group) p.group = this.ctx.group.controlNumber;
    if (this.ctx.transaction) {
      p.transaction = this.ctx.transaction.controlNumber;
      p.segmentInTransaction = this.ctx.transaction.segmentCount;
    }
    if (segment) {
      p.segmentNumber = segment.number;
      p.byteOffset = segment.offset;
      p.segmentId = segment.id;
    } else if (this.last) {
      // Nothing to point at (end of file): point just after the last segment.
      p.segmentNumber = this.last.number + 1;
      p.byteOffset = this.last.offset + this.last.elements.join(this.last.delimiters.element).length + 1;
    }
    return Object.assign(p, extra);
  }

  private report(f: Finding, level: 'interchange' | 'group' | 'transaction'): void {
    if (level === 'transaction' && this.ctx.transaction) this.ctx.transaction.findings.push(f);
    else if ((level === 'group' || level === 'transaction') && this.ctx.group) this.ctx.group.findings.push(f);
    else if (this.ctx.interchange) this.ctx.interchange.findings.push(f);
    this.handler.finding?.(f);
  }

  accept(segment: Segment): void {
    this.last = segment;
    switch (segment.id) {
      case 'ISA':
        return this.isa(segment);
      case 'IEA':
        return this.iea(segment);
      case 'GS':
        return this.gs(segment);
      case 'GE':
        return this.ge(segment);
      case 'ST':
        return this.st(segment);
      case 'SE':
        return this.se(segment);
    }
    if (this.ctx.transaction) {
      this.ctx.transaction.segmentCount++;
      this.handler.transactionSegment?.(segment, this.ctx);
      return;
    }
    if (this.ctx.interchange && !this.ctx.group && segment.id === 'TA1') {
      this.handler.interchangeSegment?.(segment, this.ctx);
      return;
    }
    const where = this.ctx.group ? 'inside a functional group but outside a transaction set (no ST before it)' : this.ctx.interchange ? 'inside an interchange but outside a functional group (no GS before it)' : 'outside any interchange';
    this.report(
      {
        code: 'X12-SEGMENT-OUTSIDE-ENVELOPE',
        severity: 'error',
        snip: 1,
        message: `Segment ${segment.id} is ${where}.`,
        position: this.position(segment),
        ack: this.ctx.group ? { group: '6' } : { ta1: '022' },
      },
      this.ctx.group ? 'group' : 'interchange',
    );
  }

  /**
   * The struct-of-arrays path's `accept` for a segment that is not an envelope segment (ISA, IEA, GS, GE, ST,
   * SE): counts it and returns true when a transaction set is open (the caller then hands it to its guide
   * walker itself, as `transactionSegment` would be); false when it must go through `accept`. The caller
   * must give `noteLast` the last segment it took this way before `end()` (`accept` sets its own).
   */
  countTransactionSegment(): boolean {
    const t = this.ctx.transaction;
    if (t === undefined) return false;
    t.segmentCount++;
    return true;
  }

  /** The last segment seen, when it went through `countTransactionSegment` (see there). */
  noteLast(segment: Segment): void {
    this.last = segment;
  }

  /** Call once after the last segment: closes whatever is still open, reporting the missing trailers. */
  end(): void {
    this.closeOpen(undefined, 'end of file');
  }

  /** The last segment seen: missing trailers at the end of the file are reported after it. */
  private last?: Segment;

  private closeOpen(at: Segment | undefined, reason: string, upTo: 'transaction' | 'group' | 'interchange' = 'interchange'): void {
    if (this.ctx.transaction) {
      this.report(
        { code: 'X12-SE-MISSING', severity: 'error', snip: 1, message: `Transaction set ${this.ctx.transaction.id} ${this.ctx.transaction.controlNumber} has no SE trailer (${reason}).`, position: this.position(at), ack: { transaction: '2' } },
        'transaction',
      );
      this.handler.transactionEnd?.(undefined, this.ctx);
      this.ctx.transaction = undefined;
    }
    if (upTo === 'transaction') return;
    if (this.ctx.group) {
      this.report(
        { code: 'X12-GE-MISSING', severity: 'error', snip: 1, message: `Functional group ${this.ctx.group.controlNumber} has no GE trailer (${reason}).`, position: this.position(at), ack: { group: '3' } },
        'group',
      );
      this.handler.groupEnd?.(undefined, this.ctx);
      this.ctx.group = undefined;
    }
    if (upTo === 'group') return;
    if (this.ctx.interchange) {
      this.report(
        { code: 'X12-IEA-MISSING', severity: 'error', snip: 1, message: `Interchange ${this.ctx.interchange.controlNumber} has no IEA trailer (${reason}).`, position: this.position(at), ack: { ta1: '023' } },
        'interchange',
      );
      this.handler.interchangeEnd?.(undefined, this.ctx);
      this.ctx.interchange = undefined;
    }
  }

  private isa(s: Segment): void {
    if (this.ctx.interchange) this.closeOpen(s, 'a new ISA started');
    const e = s.elements;
    const info: InterchangeInfo = {
      isa: s,
      controlNumber: (e[13] ?? '').trim(),
      ackRequested: (e[14] ?? '').trim() === '1',
      usage: (e[15] ?? '').trim(),
      version: (e[12] ?? '').trim(),
      groupCount: 0,
      findings: [],
    };
    this.ctx.interchange = info;
    this.groupNumbers.clear();
    this.handler.interchangeStart?.(this.ctx);
    const bad = (element: number, ta1: string, message: string) =>
      this.report({ code: 'X12-ISA-VALUE', severity: 'error', snip: 1, message, position: this.position(s, { element }), ack: { ta1 } }, 'interchange');
    const code = (i: number) => (e[i] ?? '').trim();
    if (!['00', '03'].includes(code(1))) bad(1, '010', 'ISA01 (authorization information qualifier) must be 00 or 03.');
    if (!['00', '01'].includes(code(3))) bad(3, '012', 'ISA03 (security information qualifier) must be 00 or 01.');
    const idQualifiers = ['01', '14', '20', '27', '28', '29', '30', '33', 'ZZ'];
    if (!idQualifiers.includes(code(5))) bad(5, '005', `ISA05 (sender id qualifier) "${code(5)}" is not a valid interchange id qualifier.`);
    if (!code(6)) bad(6, '006', 'ISA06 (interchange sender id) is empty.');
    if (!idQualifiers.includes(code(7))) bad(7, '007', `ISA07 (receiver id qualifier) "${code(7)}" is not a valid interchange id qualifier.`);
    if (!code(8)) bad(8, '008', 'ISA08 (interchange receiver id) is empty.');
    if (!validYYMMDD(code(9))) bad(9, '014', 'ISA09 (interchange date) is not a valid YYMMDD date.');
    if (!/^\d{4}$/.test(code(10)) || !validTime(code(10))) bad(10, '015', 'ISA10 (interchange time) is not a valid HHMM time.');
    if (code(12) !== '00501') {
      if (code(12) === '00401') this.report({ code: 'X12-ISA-VERSION', severity: 'error', snip: 1, message: 'ISA12 is 00401 (version 4010); HIPAA 5010 interchanges carry 00501.', position: this.position(s, { element: 12 }), ack: { ta1: '017' } }, 'interchange');
      else bad(12, '017', `ISA12 (interchange control version) "${code(12)}" is not 00501.`);
    }
    if (!/^\d{9}$/.test(code(13))) bad(13, '018', 'ISA13 (interchange control number) must be 9 digits.');
    if (!['0', '1'].includes(code(14))) bad(14, '019', 'ISA14 (acknowledgment requested) must be 0 or 1.');
    if (!['P', 'T'].includes(code(15))) bad(15, '020', 'ISA15 (usage indicator) must be P (production) or T (test).');
    if (info.controlNumber && this.interchangeNumbers.has(info.controlNumber)) {
      this.report({ code: 'X12-ISA-DUPLICATE', severity: 'error', snip: 1, message: `Interchange control number ${info.controlNumber} is used by more than one interchange in this file.`, position: this.position(s, { element: 13 }), ack: { ta1: '025' } }, 'interchange');
    }
    this.interchangeNumbers.add(info.controlNumber);
  }

  private iea(s: Segment): void {
    const ic = this.ctx.interchange;
    if (!ic) {
      this.report({ code: 'X12-IEA-UNEXPECTED', severity: 'error', snip: 1, message: 'IEA trailer without an open interchange (no matching ISA).', position: this.position(s), ack: { ta1: '022' } }, 'interchange');
      return;
    }
    this.closeOpen(s, 'IEA reached', 'group');
    const count = (s.elements[1] ?? '').trim();
    const number = (s.elements[2] ?? '').trim();
    if (number !== ic.controlNumber) {
      this.report({ code: 'X12-IEA-CONTROL-NUMBER', severity: 'error', snip: 1, message: `IEA02 control number ${number || '(empty)'} does not match ISA13 ${ic.controlNumber}.`, position: this.position(s, { element: 2 }), ack: { ta1: '001' } }, 'interchange');
    }
    if (!DIGITS.test(count) || Number(count) !== ic.groupCount) {
      this.report({ code: 'X12-IEA-COUNT', severity: 'error', snip: 1, message: `IEA01 says ${count || '(empty)'} functional groups; the interchange holds ${ic.groupCount}.`, position: this.position(s, { element: 1 }), ack: { ta1: '021' } }, 'interchange');
    }
    this.handler.interchangeEnd?.(s, this.ctx);
    this.ctx.interchange = undefined;
  }

  private gs(s: Segment): void {
    if (this.ctx.group) this.closeOpen(s, 'a new GS started', 'group');
    if (!this.ctx.interchange) {
      this.report({ code: 'X12-SEGMENT-OUTSIDE-ENVELOPE', severity: 'error', snip: 1, message: 'GS functional group header outside an interchange (no ISA before it).', position: this.position(s), ack: { ta1: '022' } }, 'interchange');
    } else this.ctx.interchange.groupCount++;
    const e = s.elements;
    const info: GroupInfo = { gs: s, functionalId: e[1] ?? '', controlNumber: e[6] ?? '', version: e[8] ?? '', transactionCount: 0, findings: [] };
    this.ctx.group = info;
    this.transactionNumbers.clear();
    this.handler.groupStart?.(this.ctx);
    const bad = (element: number, message: string) =>
      this.report({ code: 'X12-GS-VALUE', severity: 'error', snip: 1, message, position: this.position(s, { element }), ack: { group: '6', ta1: '024' } }, 'group');
    if (e.length < 9) bad(e.length, `GS has ${e.length - 1} elements; it needs 8.`);
    if (!/^[A-Z]{2}$/.test(info.functionalId)) bad(1, 'GS01 (functional identifier code) must be two letters, e.g. HC, HP, HN, FA.');
    if (!e[2]) bad(2, 'GS02 (application sender code) is empty.');
    if (!e[3]) bad(3, 'GS03 (application receiver code) is empty.');
    if (!validCCYYMMDD(e[4] ?? '')) bad(4, 'GS04 (date) is not a valid CCYYMMDD date.');
    if (!validTime(e[5] ?? '')) bad(5, 'GS05 (time) is not a valid HHMM[SS[dd]] time.');
    if (!/^\d{1,9}$/.test(info.controlNumber)) bad(6, 'GS06 (group control number) must be 1 to 9 digits.');
    if (e[7] !== 'X') bad(7, 'GS07 (responsible agency code) must be X.');
    if (!info.version) bad(8, 'GS08 (version / release / industry identifier) is empty.');
    if (info.controlNumber && this.groupNumbers.has(info.controlNumber)) {
      this.report({ code: 'X12-GS-DUPLICATE', severity: 'error', snip: 1, message: `Group control number ${info.controlNumber} is used by more than one functional group in this interchange.`, position: this.position(s, { element: 6 }), ack: { group: '19' } }, 'group');
    }
    this.groupNumbers.add(info.controlNumber);
  }

  private ge(s: Segment): void {
    const g = this.ctx.group;
    if (!g) {
      this.report({ code: 'X12-GE-UNEXPECTED', severity: 'error', snip: 1, message: 'GE trailer without an open functional group (no matching GS).', position: this.position(s), ack: { ta1: '024' } }, 'interchange');
      return;
    }
    this.closeOpen(s, 'GE reached', 'transaction');
    const count = s.elements[1] ?? '';
    const number = s.elements[2] ?? '';
    if (number !== g.controlNumber) {
      this.report({ code: 'X12-GE-CONTROL-NUMBER', severity: 'error', snip: 1, message: `GE02 control number ${number || '(empty)'} does not match GS06 ${g.controlNumber}.`, position: this.position(s, { element: 2 }), ack: { group: '4' } }, 'group');
    }
    if (!DIGITS.test(count) || Number(count) !== g.transactionCount) {
      this.report({ code: 'X12-GE-COUNT', severity: 'error', snip: 1, message: `GE01 says ${count || '(empty)'} transaction sets; the group holds ${g.transactionCount}.`, position: this.position(s, { element: 1 }), ack: { group: '5' } }, 'group');
    }
    this.handler.groupEnd?.(s, this.ctx);
    this.ctx.group = undefined;
  }

  private st(s: Segment): void {
    if (this.ctx.transaction) this.closeOpen(s, 'a new ST started', 'transaction');
    if (!this.ctx.group) {
      this.report({ code: 'X12-SEGMENT-OUTSIDE-ENVELOPE', severity: 'error', snip: 1, message: 'ST transaction set header outside a functional group (no GS before it).', position: this.position(s), ack: { ta1: '024' } }, 'interchange');
    } else this.ctx.group.transactionCount++;
    const e = s.elements;
    const info: TransactionInfo = { st: s, id: e[1] ?? '', controlNumber: e[2] ?? '', version: e[3] || this.ctx.group?.version || '', segmentCount: 1, findings: [] };
    this.ctx.transaction = info;
    this.handler.transactionStart?.(this.ctx);
    if (!/^\d{3}$/.test(info.id)) {
      this.report({ code: 'X12-ST-ID', severity: 'error', snip: 1, message: 'ST01 (transaction set identifier code) must be 3 digits.', position: this.position(s, { element: 1 }), ack: { transaction: '6' } }, 'transaction');
    }
    if (!/^\d{4,9}$/.test(info.controlNumber)) {
      this.report({ code: 'X12-ST-CONTROL-NUMBER', severity: 'error', snip: 1, message: 'ST02 (transaction set control number) must be 4 to 9 digits.', position: this.position(s, { element: 2 }), ack: { transaction: '7' } }, 'transaction');
    } else if (this.transactionNumbers.has(info.controlNumber)) {
      this.report({ code: 'X12-ST-DUPLICATE', severity: 'error', snip: 1, message: `Transaction set control number ${info.controlNumber} is used twice in this functional group.`, position: this.position(s, { element: 2 }), ack: { transaction: '23' } }, 'transaction');
    }
    this.transactionNumbers.add(info.controlNumber);
    if (this.ctx.group && e[3] && this.ctx.group.version && e[3] !== this.ctx.group.version) {
      this.report({ code: 'X12-ST-VERSION-MISMATCH', severity: 'warning', snip: 1, message: `ST03 ${e[3]} differs from the group's GS08 ${this.ctx.group.version}.`, position: this.position(s, { element: 3 }) }, 'transaction');
    }
  }

  private se(s: Segment): void {
    const t = this.ctx.transaction;
    if (!t) {
      this.report({ code: 'X12-SE-UNEXPECTED', severity: 'error', snip: 1, message: 'SE trailer without an open transaction set (no matching ST).', position: this.position(s), ack: { group: '6' } }, 'group');
      return;
    }
    t.segmentCount++;
    const count = s.elements[1] ?? '';
    const number = s.elements[2] ?? '';
    if (!DIGITS.test(count) || Number(count) !== t.segmentCount) {
      this.report({ code: 'X12-SE-COUNT', severity: 'error', snip: 1, message: `SE01 says ${count || '(empty)'} segments; the transaction set holds ${t.segmentCount} (ST and SE included).`, position: this.position(s, { element: 1 }), ack: { transaction: '4', segment: '8', element: '1' } }, 'transaction');
    }
    if (number !== t.controlNumber) {
      this.report({ code: 'X12-SE-CONTROL-NUMBER', severity: 'error', snip: 1, message: `SE02 control number ${number || '(empty)'} does not match ST02 ${t.controlNumber}.`, position: this.position(s, { element: 2 }), ack: { transaction: '3' } }, 'transaction');
    }
    this.handler.transactionEnd?.(s, this.ctx);
    this.ctx.transaction = undefined;
  }
}
