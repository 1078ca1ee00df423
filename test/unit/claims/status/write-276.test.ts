/**
 * The 276 writer: 276s written from the sample claims (837P, 837I, 837D; subscribers and dependents; two
 * payers) validate with zero findings against our 276 guide map (an independent route: the generic engine
 * reading mappings/guides/276.json), carry one TRN per claim with REF*EJ = CLM01, REF*1K only when the payer
 * gave a claim number, and match the golden in samples/276-277/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allFindings, readX12 } from '../../../../src/guides/index.js';
import { flattenTree } from '../../../../src/guides/tree.js';
import { build276, serviceDatesOf } from '../../../../src/claims/status/write-276.js';
import { numbers, partner, sampleItems } from './fixtures.js';
import type { LoopNode } from '../../../../src/guides/walker.js';

const root = new URL('../../../../', import.meta.url).pathname;

function loops(node: LoopNode, id: string, out: LoopNode[] = []): LoopNode[] {
  if (node.id === id) out.push(node);
  for (const c of node.children) if (c.kind === 'loop') loops(c, id, out);
  return out;
}

describe('276 writer (005010X212)', () => {
  const items = sampleItems();
  const file = build276(partner, items, numbers);

  it('validates with zero findings against the 276 guide map', () => {
    const report = readX12(file.text, { file: 'generated.276' });
    expect(allFindings(report)).toEqual([]);
    const sets = report.interchanges[0].groups[0].transactions;
    expect(sets.map((t) => [t.guideId, t.guideVersion])).toEqual([['276', '005010X212'], ['276', '005010X212']]);
    expect(report.interchanges[0].groups[0].functionalId).toBe('HR');
  });

  it('one transaction set per payer, each naming the claims it asks about', () => {
    expect(file.transactions.map((t) => t.payerId)).toEqual(['SHP01', 'DENT02']);
    expect(file.transactions.flatMap((t) => t.claimIds).sort()).toEqual(items.map((i) => i.claimId).sort());
  });

  it('per claim: TRN trace, REF*EJ = CLM01, REF*1K when known, AMT*T3 charge, DTP*472 service dates; dependents under 2000E', () => {
    const trees: LoopNode[] = [];
    readX12(file.text, { buildTree: true, onTransaction: (r) => r && trees.push(r) });
    const units = trees.flatMap((t) => [...loops(t, '2200D'), ...loops(t, '2200E')]);
    expect(units).toHaveLength(items.length);
    for (const u of units) {
      const segs = [...flattenTree(u)];
      const trace = segs.find((s) => s.id === 'TRN')!.elements[2];
      const item = items.find((i) => i.trace === trace)!;
      expect(item, trace).toBeDefined();
      const refs = Object.fromEntries(segs.filter((s) => s.id === 'REF').map((s) => [s.elements[1], s.elements[2]]));
      expect(refs.EJ).toBe(item.claim.claimId);
      expect(refs['1K']).toBe(item.payerClaimNumber ?? undefined);
      expect(segs.find((s) => s.id === 'AMT')!.elements.slice(1, 3)).toEqual(['T3', String(Number(item.claim.totalCharge))]);
      const dates = serviceDatesOf(item.claim);
      const dtp = segs.find((s) => s.id === 'DTP')!.elements;
      expect(dtp[3]).toBe(dates.from === dates.to ? dates.from.replace(/-/g, '') : `${dates.from.replace(/-/g, '')}-${dates.to.replace(/-/g, '')}`);
      expect(u.id).toBe(item.claim.patient ? '2200E' : '2200D');
    }
    expect(units.filter((u) => u.id === '2200E').length).toBe(items.filter((i) => i.claim.patient).length);
    expect(units.filter((u) => u.id === '2200E').length).toBeGreaterThan(0);
  });

  it('envelope carries the reserved control numbers', () => {
    expect(file.text).toContain('*000004711*');
    expect(file.text).toMatch(/GS\*HR\*PRACTICE01\*SIMCH\*20260101\*0930\*4712\*X\*005010X212~/);
  });

  it('matches the golden samples/276-277/requests.276', () => {
    expect(file.text).toBe(readFileSync(`${root}samples/276-277/requests.276`, 'utf8'));
  });
});
