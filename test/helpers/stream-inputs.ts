/**
 * Inputs of the streamed-read property tests (test/property/ack-stream.property.test.ts,
 * claim-status-stream.property.test.ts): a file's bytes cut into chunks, and corruptions of its segment
 * list.
 */

/** `bytes` cut into chunks of the `sizes` in turn (one chunk when there are none). */
export function chunksOf(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const n = sizes.length ? sizes[k++ % sizes.length]! : bytes.length;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

/**
 * Corruptions of an X12 file's segment list: never of ISA / IEA, so most files stay readable. Each corruption picks a body segment (`at`, modulo their count) and
 *  - drop: removes it; repeat: writes it twice; swap: swaps it with the `to`th;
 *  - empty-element: empties its (`to` modulo their count)th element;
 *  - hl-level: sets an HL's level code (HL03) to `value`; trn-qualifier: sets a TRN's TRN01 to `value`;
 *  - none (or a kind that does not fit the segment): leaves it.
 */
export interface SegmentCorruption {
  kind: string;
  at: number;
  to: number;
  value?: string;
}

export function corruptSegments(text: string, list: readonly SegmentCorruption[]): string {
  const segs = text.split('~');
  const body = segs.map((s, i) => i).filter((i) => !/^\s*(ISA|IEA)/.test(segs[i]!) && segs[i]!.trim() !== '');
  for (const c of list) {
    if (!body.length) break;
    const i = body[c.at % body.length]!;
    const s = segs[i]!;
    if (c.kind === 'drop') segs[i] = '';
    else if (c.kind === 'repeat') segs[i] = `${s}~${s}`;
    else if (c.kind === 'swap') {
      const j = body[c.to % body.length]!;
      [segs[i], segs[j]] = [segs[j]!, s];
    } else if (c.kind === 'hl-level' && /HL\*/.test(s)) segs[i] = s.replace(/^(\s*HL\*[^*]*\*[^*]*\*)[^*~]*/, `$1${c.value ?? ''}`);
    else if (c.kind === 'trn-qualifier' && /TRN\*/.test(s)) segs[i] = s.replace(/^(\s*TRN\*)[^*]*/, `$1${c.value ?? ''}`);
    else if (c.kind === 'empty-element') {
      const parts = s.split('*');
      if (parts.length > 1) parts[1 + (c.to % (parts.length - 1))] = '';
      segs[i] = parts.join('*');
    }
  }
  return segs.filter((s, i) => s !== '' || i === segs.length - 1).join('~');
}
