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
