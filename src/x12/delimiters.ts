/**
 * X12 delimiters, read from the fixed-width ISA segment:
 *   element separator  = the byte after "ISA" (byte 4)
 *   repetition separator = ISA11 (5010; "U" in 4010 means there is none)
 *   component separator = ISA16
 *   segment terminator = the byte after ISA16 (byte 106 in a well-formed ISA)
 */
import type { Finding } from './finding.js';

export interface Delimiters {
  element: string;
  /** Empty when the interchange has none (4010 "U"). */
  repetition: string;
  component: string;
  segment: string;
}

export const DEFAULT_DELIMITERS: Readonly<Delimiters> = Object.freeze({
  element: '*',
  repetition: '^',
  component: ':',
  segment: '~',
});

/** The fixed length of an ISA segment, terminator excluded. */
export const ISA_LENGTH = 105;

/** ISA element widths, ISA01..ISA16. */
export const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;

export interface IsaReadResult {
  delimiters?: Delimiters;
  /** Length of the ISA text up to (not including) the segment terminator. */
  length?: number;
  findings: Finding[];
  /** More text is needed before the ISA can be read. */
  incomplete?: boolean;
}

/** Letters, digits and space are data; any other byte (except NUL) may be a delimiter. */
export function isDataByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32;
}

const isDelimiterCandidate = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return c !== 0 && !isDataByte(c);
};

/**
 * Reads the delimiters from an ISA that starts at `start` in `text`.
 * Tolerant: an ISA with wrong element widths is still read (with an error finding) as long as its
 * 16 elements and a terminator can be found.
 */
export function readIsa(text: string, start: number, byteOffset: number, atEnd: boolean): IsaReadResult {
  const findings: Finding[] = [];
  const position = { byteOffset, segmentId: 'ISA' };
  if (text.length - start < 4) {
    if (atEnd) {
      findings.push({ code: 'X12-ISA-TRUNCATED', severity: 'error', snip: 1, message: 'The file ends inside the ISA interchange header.', position, ack: { ta1: '023' } });
      return { findings };
    }
    return { findings, incomplete: true };
  }
  const element = text[start + 3];
  if (!isDelimiterCandidate(element)) {
    findings.push({
      code: 'X12-ISA-ELEMENT-SEPARATOR',
      severity: 'error',
      snip: 1,
      message: `The ISA segment has no usable element separator (found character code ${element.charCodeAt(0)} after "ISA").`,
      position,
      ack: { ta1: '026' },
    });
    return { findings };
  }
  // Find the 16 element separators; ISA16 is the single character after the 16th; the terminator follows.
  let at = start + 3;
  const starts: number[] = [];
  const limit = Math.min(text.length, start + 400);
  for (let n = 0; n < 16; n++) {
    const next = text.indexOf(element, at);
    if (next < 0 || next >= limit) {
      if (!atEnd && text.length < start + 400) return { findings, incomplete: true };
      findings.push({
        code: 'X12-ISA-ELEMENTS',
        severity: 'error',
        snip: 1,
        message: `The ISA segment has ${n} of its 16 elements; an ISA is 106 characters with 16 fixed-width elements.`,
        position,
        ack: { ta1: '023' },
      });
      return { findings };
    }
    starts.push(next + 1);
    at = next + 1;
  }
  const isa16At = starts[15];
  if (isa16At + 1 >= text.length) {
    if (!atEnd) return { findings, incomplete: true };
    findings.push({ code: 'X12-ISA-TRUNCATED', severity: 'error', snip: 1, message: 'The file ends inside the ISA interchange header.', position, ack: { ta1: '023' } });
    return { findings };
  }
  const component = text[isa16At];
  const segment = text[isa16At + 1];
  const length = isa16At + 1 - start;
  const isa11 = text.slice(starts[10], starts[11] - 1);
  const repetition = isa11.length === 1 && isDelimiterCandidate(isa11) ? isa11 : '';

  if (!isDelimiterCandidate(component)) {
    findings.push({ code: 'X12-ISA-COMPONENT-SEPARATOR', severity: 'error', snip: 1, message: 'ISA16 (component element separator) is a letter, digit or space; it must be a special character.', position: { ...position, element: 16 }, ack: { ta1: '027' } });
    return { findings };
  }
  if (!isDelimiterCandidate(segment)) {
    findings.push({ code: 'X12-ISA-SEGMENT-TERMINATOR', severity: 'error', snip: 1, message: 'The character after ISA16 (segment terminator) is a letter, digit or space; it must be a special character.', position, ack: { ta1: '004' } });
    return { findings };
  }
  let rep = repetition;
  if (rep && (rep === element || rep === component || rep === segment)) {
    // Seen in real files (ISA11 "^" with ISA16 "^"): read on without a repetition separator.
    findings.push({ code: 'X12-ISA-REPETITION-SEPARATOR', severity: 'error', snip: 1, message: 'ISA11 (repetition separator) is the same character as another delimiter; the file is read as if it had no repetition separator.', position: { ...position, element: 11 }, ack: { ta1: '016' } });
    rep = '';
  }
  const all = [element, component, segment, rep].filter(Boolean);
  if (new Set(all).size !== all.length) {
    findings.push({ code: 'X12-ISA-DELIMITERS-NOT-UNIQUE', severity: 'error', snip: 1, message: 'The element separator, repetition separator, component separator and segment terminator must all be different characters.', position, ack: { ta1: '026' } });
    return { findings };
  }
  for (const d of all) {
    if (d.charCodeAt(0) > 126) {
      findings.push({ code: 'X12-ISA-DELIMITER-NOT-ASCII', severity: 'warning', snip: 1, message: `A delimiter (character code ${d.charCodeAt(0)}) is outside the X12 basic character set.`, position });
    }
  }
  if (length !== ISA_LENGTH) {
    findings.push({
      code: 'X12-ISA-LENGTH',
      severity: 'error',
      snip: 1,
      message: `The ISA segment is ${length + 1} characters long with its terminator; it must be exactly 106 (fixed-width elements).`,
      position,
      ack: { ta1: '023' },
    });
  } else {
    for (let i = 0; i < 16; i++) {
      const end = i < 15 ? starts[i + 1] - 1 : isa16At + 1;
      if (end - starts[i] !== ISA_WIDTHS[i]) {
        findings.push({ code: 'X12-ISA-ELEMENT-WIDTH', severity: 'error', snip: 1, message: `ISA${String(i + 1).padStart(2, '0')} must be exactly ${ISA_WIDTHS[i]} characters wide.`, position: { ...position, element: i + 1 }, ack: { ta1: '023' } });
      }
    }
  }
  return { delimiters: { element, repetition: rep, component, segment }, length, findings };
}
