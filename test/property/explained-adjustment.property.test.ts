/**
 * The remittance reports explain each adjustment from the denial knowledge base once per group + CARC +
 * RARCs (src/remits/report.ts `explainedAdjustment`, a cache for large 835s). Property: over random
 * adjustments and remarks, in any order and repeated, what it gives equals the knowledge base asked
 * afresh (`explainDenial`), so the report bytes are those of the uncached reports. The golden CSV/JSON of
 * samples/remits (test/golden/remits.test.ts) hold the same from the other side.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainDenial } from '../../src/denials/explain.js';
import { explainedAdjustment } from '../../src/remits/report.js';
import type { Remark } from '../../src/remits/model.js';
import { adj } from '../unit/remits/build.js';

const GROUPS = ['CO', 'PR', 'OA', 'PI', 'CR', 'XX'];
const CARCS = ['1', '2', '3', '16', '18', '22', '23', '29', '45', '50', '96', '97', '109', '197', '204', 'B7', '999', 'A1'];
const RARCS = ['N115', 'M15', 'MA130', 'N30', 'M80', 'N4', 'N290', 'ZZ99', 'N19'];

const remark = fc.record({ code: fc.constantFrom(...RARCS), qualifier: fc.constantFrom(undefined, 'HE', 'RX') }).map(({ code, qualifier }): Remark => ({ ...(qualifier ? { qualifier } : {}), code, description: '' }));
const item = fc.record({ group: fc.constantFrom(...GROUPS), reason: fc.constantFrom(...CARCS), remarks: fc.array(remark, { maxLength: 4 }) });

/** What explainedAdjustment gave before the cache: the knowledge base asked for every adjustment. */
function fresh(group: string, reason: string, remarks: readonly Remark[]) {
  const x = explainDenial(group, reason, remarks.filter((r) => r.qualifier !== 'RX').map((r) => r.code));
  return { explanation: x.explanation, nextAction: x.nextAction, nextActionText: x.nextActionText, patientMayBeBilled: x.patientMayBeBilled };
}

describe('explainedAdjustment (cached per code combination)', () => {
  it('equals the knowledge base asked afresh, in any order and repeated', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), (items) => {
        for (const { group, reason, remarks } of [...items, ...[...items].reverse()]) {
          const a = adj(group, reason, '12.34');
          const got = explainedAdjustment(a, remarks);
          expect(JSON.stringify(got)).toBe(JSON.stringify({ ...a, ...fresh(group, reason, remarks) }));
        }
      }),
      { numRuns: 300 },
    );
  });
});
