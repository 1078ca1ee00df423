/**
 * The CSV cell writer's plain-cell fast path (src/text/csv.ts `isPlainCell`: one pass over the characters)
 * gives what the three regular expressions alone gave, on random cells made of the characters that matter
 * (formula starts, quotes, commas, line breaks, digits, signs) and any text; csvRow = the cells joined.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '../../src/text/csv.js';

/** The cell writer before the fast path (regular expressions only), kept here as the reference. */
function referenceCsvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const tricky = fc.array(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", '0', '5', '.', 'A', ' ', 'é', '|', ';'), { maxLength: 8 }).map((cs) => cs.join(''));
const cell = fc.oneof(tricky, fc.string({ maxLength: 12 }), fc.integer().map(String), fc.double().map(String), fc.constantFrom(null, undefined, 12, -3.5, true, ''));

describe('csvField fast path = the regular expressions', () => {
  it('writes every cell the same', () => {
    fc.assert(
      fc.property(cell, (v) => {
        expect(csvField(v)).toBe(referenceCsvField(v));
      }),
      { numRuns: 20000 },
    );
  });

  it('writes every row the same', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 10 }), (values) => {
        expect(csvRow(values)).toBe(values.map(referenceCsvField).join(',') + '\r\n');
      }),
      { numRuns: 3000 },
    );
  });
});
