/** terminatedSlices: the slices put back together are the input, none is longer than asked, each ends at a terminator when one is in reach. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { terminatedSlices } from '../../src/cli/validate-parallel/slices.js';

describe('terminatedSlices', () => {
  it('covers the input exactly, in slices of at most max bytes that end just after a terminator where they can', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom(0x7e, 0x0a, 0x27), (raw, max, term) => {
        const bytes = Buffer.from(raw);
        const slices = [...terminatedSlices(bytes, () => term, max)];
        expect(Buffer.concat(slices).equals(bytes)).toBe(true);
        slices.forEach((s, i) => {
          expect(s.length).toBeGreaterThan(0);
          expect(s.length).toBeLessThanOrEqual(max);
          const last = i === slices.length - 1;
          // Not ending at a terminator is allowed only for the last slice or a full slice holding none.
          if (!last && s[s.length - 1] !== term) {
            expect(s.length).toBe(max);
            expect(s.includes(term)).toBe(false);
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
