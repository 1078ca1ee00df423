/**
 * Slices of a buffer for a tokenizer, each ending just after a segment terminator where one is near: the
 * tokenizer then keeps no unfinished segment between pushes, so it need not copy one into a new buffer at
 * the next push (one such copy per 32 KiB slice is ~1 byte of garbage per byte read, which is what made a
 * thread's memory grow between collections). Any slicing gives the same segments; this only saves copies.
 */
export function* terminatedSlices(bytes: Buffer, terminator: () => number, max = 32 * 1024): Generator<Buffer> {
  for (let at = 0; at < bytes.length; ) {
    let end = Math.min(bytes.length, at + max);
    if (end < bytes.length) {
      const t = bytes.lastIndexOf(terminator(), end - 1);
      if (t >= at) end = t + 1;
    }
    yield bytes.subarray(at, end);
    at = end;
  }
}
