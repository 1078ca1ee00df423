/**
 * A problem found in X12 data. Problems in the data are values, never exceptions: every layer collects
 * them in full and hands them on. Messages never quote names, ids or dates from the file (PHI); they may
 * quote codes, qualifiers, control numbers and counts.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where a finding is. Every field is optional; fill in as much as the layer that finds it knows. */
export interface Position {
  /** The file (as given by the caller), never read by the core. */
  file?: string;
  /** ISA13 of the interchange. */
  interchange?: string;
  /** GS06 of the functional group. */
  group?: string;
  /** ST02 of the transaction set. */
  transaction?: string;
  /** 1-based segment number in the file (ISA of the first interchange = 1). */
  segmentNumber?: number;
  /** 1-based segment number inside the transaction set (ST = 1), as 999 IK302 wants it. */
  segmentInTransaction?: number;
  /** Byte offset of the segment's first byte in the file. */
  byteOffset?: number;
  /** Guide loop id, e.g. "2300". */
  loop?: string;
  segmentId?: string;
  /** 1-based element position (NM103 → 3). */
  element?: number;
  /** 1-based component position inside a composite. */
  component?: number;
  /** 1-based repetition of a repeating element. */
  repetition?: number;
}

/** Codes that the 999 / TA1 acknowledgments use for a finding. */
export interface AckCodes {
  /** TA105 interchange note code (000..031). */
  ta1?: string;
  /** AK905.. functional group syntax error code. */
  group?: string;
  /** IK502.. transaction set syntax error code. */
  transaction?: string;
  /** IK304 segment syntax error code. */
  segment?: string;
  /** IK403 element syntax error code. */
  element?: string;
}

export interface Finding {
  /** Stable machine code, e.g. "X12-ISA-LENGTH", "GUIDE-SEGMENT-REQUIRED-MISSING", "835-BALANCE-CLAIM". */
  code: string;
  severity: Severity;
  /** What is wrong and what to do, in words an operator or biller understands. */
  message: string;
  position: Position;
  /** SNIP level of the check (1 syntax, 2 guide requirements, 3 balancing, 4 situational, 5 code sets, 7 partner). */
  snip?: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  ack?: AckCodes;
}

export function describePosition(p: Position): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.segmentNumber !== undefined) parts.push(`segment ${p.segmentNumber}`);
  if (p.byteOffset !== undefined) parts.push(`byte ${p.byteOffset}`);
  if (p.loop) parts.push(`loop ${p.loop}`);
  if (p.segmentId) {
    let ref = p.segmentId;
    if (p.element !== undefined) ref += String(p.element).padStart(2, '0');
    if (p.component !== undefined) ref += `-${p.component}`;
    parts.push(ref);
  }
  return parts.join(', ');
}
