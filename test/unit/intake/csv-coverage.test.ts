/**
 * CSV intake of further coverage (issue 14 item 1): the secondary_* columns become one `otherPayers`
 * entry not yet billed, on every claim of the file that fills them; the origins point at the CSV columns.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Claim } from '../../../src/claims/index.js';
import { hasFurtherCoverage } from '../../../src/claims/cob/further-coverage.js';
import { claimsFromCsv } from '../../../src/intake/index.js';

const text = readFileSync(new URL('../../../samples/csv/two-claims.csv', import.meta.url), 'utf8').replace(/^\uFEFF/, '');

/** The sample with secondary columns appended; `values(claimId)` gives each row's cells. */
function withColumns(columns: string[], values: (claimId: string) => string[]): string {
  const [header, ...rows] = text.split(/\r?\n/).filter(Boolean);
  return [`${header},${columns.join(',')}`, ...rows.map((r) => `${r},${values(r.split(',')[0]).join(',')}`)].join('\n') + '\n';
}

describe('CSV secondary_* columns', () => {
  it('become a secondary otherPayers entry without a paid amount; blank cells add nothing', () => {
    const csv = withColumns(['secondary_payer_name', 'secondary_payer_id', 'secondary_member_id', 'secondary_group_number'], (id) => (id === 'CSV-1' ? ['SECOND HEALTH PLAN', 'SEC02', 'SEC0001', 'SG1'] : ['', '', '', '']));
    const { claims, problems } = claimsFromCsv(csv);
    expect(problems).toEqual([]);
    const [first, second] = claims.map((c) => Claim.parse(c.claim));
    expect(first.otherPayers).toEqual([
      expect.objectContaining({ responsibility: 'secondary', relationship: '18', groupNumber: 'SG1', claimFilingIndicator: 'CI', subscriber: { name: first.subscriber.name, memberId: 'SEC0001' }, payer: { name: 'SECOND HEALTH PLAN', id: 'SEC02' } }),
    ]);
    expect(hasFurtherCoverage(first)).toBe(true);
    expect(second.otherPayers).toEqual([]);
    expect(claims[0].origins['$.otherPayers[0].subscriber.memberId']).toEqual({ row: 2, column: 'secondary_member_id' });
  });

  it('a secondary without member id is refused by the model naming the field', () => {
    const csv = withColumns(['secondary_payer_name', 'secondary_payer_id'], () => ['SECOND HEALTH PLAN', 'SEC02']);
    const parsed = Claim.safeParse(claimsFromCsv(csv).claims[0].claim);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('otherPayers.0.subscriber.memberId');
  });
});
