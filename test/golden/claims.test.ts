/**
 * Golden 837s: each sample batch in samples/claims/ → byte-exact the .837 beside it (control numbers and
 * dates injected). Every generated file validates with zero findings against our guide maps, node-x12
 * reads it back to the same segments, and our 837 reader gives back the same claims.
 * UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { Batch, Claim, PartnerProfile, createPipeline, read837, sequentialAllocator } from '../../src/claims/index.js';
import { allFindings, readX12 } from '../../src/guides/index.js';
import { tokenize } from '../../src/x12/tokenizer.js';

const dir = new URL('../../samples/claims/', import.meta.url).pathname;
const partner = PartnerProfile.parse(JSON.parse(readFileSync(new URL('../../config/partners/demo.json', import.meta.url), 'utf8')));
const samples = readdirSync(dir).filter((f) => f.endsWith('.json'));

export function generateSample(batch: Batch): { text: string; accepted: Claim[] } {
  let text = '';
  const accepted: Claim[] = [];
  const { claims, ...header } = batch;
  const pipeline = createPipeline({
    partners: (id) => (id === partner.id ? partner : undefined),
    defaultPartnerId: header.partnerId,
    header,
    today: '2024-06-01',
    date: '20240601',
    time: '0930',
    allocator: sequentialAllocator({ interchange: 101, group: 201 }),
    openFile: () => ({ write: (t) => void (text += t), close() {} }),
  });
  claims.forEach((raw, index) => {
    const o = pipeline.accept(raw, { index });
    expect(o.findings, `${o.claimId} scrubs clean`).toEqual([]);
    if (o.accepted) accepted.push(Claim.parse(raw));
  });
  pipeline.end();
  return { text, accepted };
}

describe('golden 837 per sample batch', () => {
  expect(samples.length).toBeGreaterThanOrEqual(5);
  for (const sample of samples) {
    describe(sample, () => {
      const batch = Batch.parse(JSON.parse(readFileSync(join(dir, sample), 'utf8')));
      const { text, accepted } = generateSample(batch);
      const goldenPath = join(dir, sample.replace(/\.json$/, '.837'));

      it('is byte-exact the expected 837', () => {
        if (process.env.UPDATE_GOLDEN) writeFileSync(goldenPath, text);
        expect(text).toBe(readFileSync(goldenPath, 'utf8'));
        expect(accepted.length).toBe(batch.claims.length);
      });

      it('validates with zero findings against our guide maps', () => {
        const report = readX12(text, { file: sample });
        expect(allFindings(report)).toEqual([]);
        const sets = report.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions));
        expect(sets.length).toBeGreaterThan(0);
        expect(sets.every((t) => t.status === 'A' && t.guideId?.startsWith('837'))).toBe(true);
      });

      it('node-x12 reads it back to the same segments', () => {
        const ours = tokenize(text).segments.map((s) => [s.id, ...s.elements.slice(1)]);
        const interchange = new X12Parser(true).parse(text) as unknown as {
          header: { tag: string; elements: Array<{ value: string }> };
          functionalGroups: Array<{ header: Seg; trailer: Seg; transactions: Array<{ header: Seg; trailer: Seg; segments: Seg[] }> }>;
          trailer: Seg;
        };
        type Seg = { tag: string; elements: Array<{ value: string }> };
        const theirs: string[][] = [];
        const push = (s: Seg) => theirs.push([s.tag, ...s.elements.map((e) => e.value)]);
        push(interchange.header);
        for (const g of interchange.functionalGroups) {
          push(g.header);
          for (const t of g.transactions) {
            push(t.header);
            t.segments.forEach(push);
            push(t.trailer);
          }
          push(g.trailer);
        }
        push(interchange.trailer);
        // node-x12 hands back ISA13 and IEA02 as numbers without their leading zeros; compare them by value.
        const byValue = (segs: string[][]) => segs.map((s) => (s[0] === 'ISA' ? s.map((v, i) => (i === 13 ? String(Number(v)) : v)) : s[0] === 'IEA' ? [s[0], s[1], String(Number(s[2]))] : s));
        expect(byValue(theirs)).toEqual(byValue(ours));
      });

      it('our 837 reader gives back the same claims', () => {
        const { claims } = read837(text, sample);
        expect(claims.map((c) => c.findings)).toEqual(accepted.map(() => []));
        // Claims come back in file order, which is grouped by provider and subscriber.
        const byId = <T extends { claimId: string }>(list: T[]) => [...list].sort((a, b) => a.claimId.localeCompare(b.claimId));
        expect(byId(claims.map((c) => c.claim!))).toEqual(byId(accepted));
      });
    });
  }
});
