/**
 * Cutting an X12 file into its segments for property tests that move, drop or re-qualify whole segments.
 * Byte-level and independent of the engine's tokenizer (the code under test).
 */

/** The file's segments, each with its terminator (read from the ISA); what follows the last terminator is one more part. */
export function cutSegments(bytes: Buffer): Buffer[] {
  const isa = bytes.indexOf('ISA');
  const terminator = bytes[isa + 105];
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(terminator, isa + 105); at >= 0; at = bytes.indexOf(terminator, from)) {
    parts.push(bytes.subarray(from, at + 1));
    from = at + 1;
  }
  if (from < bytes.length) parts.push(bytes.subarray(from));
  return parts;
}

/** The segment with element 1 (the qualifier most definitions read) replaced by `value`; `sep` is the element separator. */
export function requalify(segment: Buffer, sep: number | string, value: string): Buffer {
  const a = segment.indexOf(sep);
  if (a < 0) return segment;
  let b = segment.indexOf(sep, a + 1);
  if (b < 0) b = segment.length - 1;
  return Buffer.concat([segment.subarray(0, a + 1), Buffer.from(value, 'latin1'), segment.subarray(b)]);
}

/** How a property test spoils a file's segments (`spoilSegments`). */
export type SegmentSpoil = 'move' | 'repeat' | 'drop' | 'requalify' | 'byte' | 'moves';

/**
 * `parts` (from `cutSegments`) with one spoil applied inside the transaction sets — never to the interchange
 * and group envelopes (the first two and last two parts): segment `i` (from `at`) moved to `j` (from `to`),
 * repeated at `j`, dropped, given `qualifier` as element 1 (`sep` the element separator), one byte set to
 * `byte`, or two moves. Returns the spoiled parts and the two positions, for the test's message.
 */
export function spoilSegments(parts: readonly Buffer[], how: SegmentSpoil, at: number, to: number, spoil: { qualifier: string; byte?: number; sep?: number | string }): { out: Buffer[]; i: number; j: number } {
  const inner = parts.length - 4;
  const i = 2 + (at % inner);
  const j = 2 + (to % inner);
  const out = [...parts];
  if (how === 'move') out.splice(j, 0, ...out.splice(i, 1));
  else if (how === 'moves') {
    out.splice(j, 0, ...out.splice(i, 1));
    out.splice(i, 0, ...out.splice(2 + ((i * 7 + j) % inner), 1));
  } else if (how === 'repeat') out.splice(j, 0, parts[i]);
  else if (how === 'drop') out.splice(i, 1);
  else if (how === 'requalify') out[i] = requalify(parts[i], spoil.sep ?? '*', spoil.qualifier);
  else {
    const p = Buffer.from(parts[i]);
    p[to % p.length] = spoil.byte ?? 0;
    out[i] = p;
  }
  return { out, i, j };
}

/**
 * An amount corrupted: a byte replaced, inserted or deleted at (or next to) a digit or decimal point — anywhere,
 * or (`within`: the file's `cutSegments`) only in the claims' amount segments (CLM, SV1/SV2/SV3, SVD, CAS, AMT).
 */
export function amountSpoiled(original: Buffer, at: number, byte: number, how: string, within?: readonly Buffer[]): { mutated: Buffer; i: number } {
  const digits: number[] = [];
  const isAmount = (b: number) => (b >= 48 && b <= 57) || b === 46;
  if (within) {
    // Only in the claims' amount segments (CLM, SV1/SV2/SV3, SVD, CAS, AMT).
    let from = 0;
    for (const part of within) {
      if (/^\s*(CLM|SV[123D]|CAS|AMT)\W/.test(part.toString('latin1', 0, 8))) part.forEach((b, k) => (isAmount(b) ? digits.push(from + k) : undefined));
      from += part.length;
    }
  } else original.forEach((b, k) => (isAmount(b) ? digits.push(k) : undefined));
  const i = digits[at % digits.length] + (at % 2);
  return { mutated: byteSpliced(original, i, byte, how), i };
}

/** `original` with `byte` put in place of byte `i` ('replace'), before it ('insert'), or byte `i` removed (any other `how`). */
export function byteSpliced(original: Buffer, i: number, byte: number, how: string): Buffer {
  return how === 'replace'
    ? Buffer.concat([original.subarray(0, i), Buffer.from([byte]), original.subarray(i + 1)])
    : how === 'insert'
      ? Buffer.concat([original.subarray(0, i), Buffer.from([byte]), original.subarray(i)])
      : Buffer.concat([original.subarray(0, i), original.subarray(i + 1)]);
}
