/**
 * Property test for the guide limits in the writer: any number of claims for one subscriber (1-300, the
 * guide allows 100 under one 2000B/2000C level) with any number of lines (1-60, the guide allows 50 in
 * 837P/837D and 999 in 837I) gives 837 files our validator accepts; a claim over the line limit is
 * refused with the reason (LINE-COUNT), every other claim is written.
 * numRuns is kept small: each run writes and validates up to 300 claims of 60 lines on a 2-core CI.
 */
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { createPipeline, sequentialAllocator, type ClaimInput } from '../../src/claims/index.js';
import { KINDS } from '../../src/claims/kinds.js';
import { allFindings, readX12 } from '../../src/guides/index.js';
import { dentalInput, institutionalInput, partner, professionalInput } from '../unit/claims/fixtures.js';

const MAKE = { professional: professionalInput, institutional: institutionalInput, dental: dentalInput } as const;

/** A claim of `kind` with `lines` lines (the fixture's first line repeated), its total the sum of them. */
function claimWith(kind: keyof typeof MAKE, id: string, lines: number, dependent: boolean): ClaimInput {
  const c = MAKE[kind]() as Record<string, any>;
  const line = c.lines[0];
  c.claimId = id;
  c.lines = Array.from({ length: lines }, () => structuredClone(line));
  c.totalCharge = c.lines.reduce((a: Decimal, l: { charge: string }) => a.plus(l.charge), new Decimal(0)).toFixed();
  if (dependent) {
    const { birthDate: _b, gender: _g, address: _a, ...subscriber } = c.subscriber;
    c.subscriber = subscriber;
    c.patient = { relationship: '19', name: { last: 'DOE', first: 'CHILD' }, birthDate: '2015-04-02', gender: 'M', address: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' } };
  }
  return c as ClaimInput;
}

const scenario = fc.record({
  kind: fc.constantFrom('professional' as const, 'institutional' as const, 'dental' as const),
  claims: fc.integer({ min: 1, max: 300 }),
  lines: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 8 }),
  dependent: fc.boolean(),
});

describe('guide limits: property', () => {
  it('1-300 claims per subscriber with 1-60 lines always give 837s our validator accepts', () => {
    fc.assert(
      fc.property(scenario, ({ kind, claims, lines, dependent }) => {
        const files: string[] = [];
        const p = createPipeline({ partners: () => partner(), defaultPartnerId: 'test-clearinghouse', today: '2024-12-31', date: '20240601', time: '0930', allocator: sequentialAllocator(), openFile: () => {
          const i = files.push('') - 1;
          return { write: (t) => void (files[i] += t), close() {} };
        } });
        let written = 0;
        for (let n = 0; n < claims; n++) {
          const lineCount = lines[n % lines.length];
          const outcome = p.accept(claimWith(kind, `C-${n + 1}`, lineCount, dependent), { index: n });
          const over = lineCount > KINDS[kind].maxLines;
          expect(outcome.accepted, `claim ${n + 1} with ${lineCount} lines`).toBe(!over);
          if (over) expect(outcome.findings.map((f) => f.code)).toContain('LINE-COUNT');
          else written++;
        }
        p.end();
        if (written === 0) return;
        expect(files.length).toBeGreaterThan(0);
        for (const text of files) expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
        expect(files.join('').split('~').filter((s) => s.trim().startsWith('CLM*'))).toHaveLength(written);
      }),
      { numRuns: 8 },
    );
  }, 180_000);
});
