/**
 * The gateway's check of each 837 it builds (src/gateway/outbound-check.ts `outboundErrors`) reads the claims
 * (2300s) handed flat, as `x12gw validate` does (issue 12 round 12, branch val4). Its errors are the tree
 * route's (`flat: false`, the check before) on every 837 sample and on random corruptions of them: segments
 * moved, repeated, dropped, re-qualified, bytes changed, amounts in the claims' CLM/SV1/SV2/SV3/SVD/CAS/AMT
 * that no longer sum (claim-balance, COB-balance errors the fast clean check must not vouch away).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { outboundErrors } from '../../src/gateway/outbound-check.js';
import { amountSpoiled, cutSegments, spoilSegments, type SegmentSpoil } from '../helpers/segment-cuts.js';
import { sampleFiles } from '../helpers/sample-files.js';
import { propertySeed } from '../helpers/property-seed.js';

const between = () => Promise.resolve();
const QUALIFIERS = ['85', '87', 'IL', 'QC', 'PR', 'PE', '18', '7', '8', 'AA', 'D', 'DMG', 'N3', '', 'X'];
const BYTES = [...'0123456789.-AZ*~:'].map((c) => c.charCodeAt(0)).concat([0, 0xe9]);

describe("the gateway's outbound 837 check, claims flat and as trees", () => {
  const claims = sampleFiles(/837/i)
    .map(([name, bytes]) => ({ name, bytes, parts: cutSegments(bytes) }))
    .filter((c) => c.parts.length > 8);
  const secondaries = claims.filter((c) => c.bytes.includes('SVD*'));
  const counts = { valid: 0, refused: 0, claimErrors: 0 };

  async function same(bytes: Buffer, label: string): Promise<void> {
    const text = bytes.toString('latin1');
    const tree = await outboundErrors(text, 'x.837', between, { flat: false });
    expect(await outboundErrors(text, 'x.837', between), label).toEqual(tree);
    if (tree.length) counts.refused++;
    else counts.valid++;
    if (tree.some((e) => /837-(CLAIM|COB)/.test(e))) counts.claimErrors++;
  }

  it('on every 837 sample (valid and not)', async () => {
    for (const { name, bytes } of claims) await same(bytes, name);
    expect(claims.length).toBeGreaterThan(5);
    expect(secondaries.length).toBeGreaterThan(3);
    expect(counts.valid).toBeGreaterThan(3);
  });

  it('on random corruptions of the 837 samples (segments and amounts)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(claims.length - 1),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<SegmentSpoil | 'amount'>('move', 'repeat', 'drop', 'requalify', 'byte', 'moves', 'amount', 'amount', 'amount'),
        fc.constantFrom(...QUALIFIERS),
        fc.constantFrom(...BYTES),
        async (which, at, to, how, qualifier, byte) => {
          // Two in three runs on an 837 with other payers (line adjudications, claim-level COB).
          const pool = which % 3 === 0 ? claims : secondaries;
          const { name, bytes, parts } = pool[which % pool.length];
          if (how === 'amount') {
            const { mutated, i } = amountSpoiled(bytes, at, byte, to % 3 === 0 ? 'replace' : to % 3 === 1 ? 'insert' : 'delete', parts);
            await same(mutated, `${name}: amount byte ${byte} at ${i}`);
            return;
          }
          const { out, i, j } = spoilSegments(parts, how, at, to, { qualifier, byte });
          await same(Buffer.concat(out), `${name}: ${how} segment ${i} (to ${j}, qualifier ${qualifier}, byte ${byte})`);
        },
      ),
      { numRuns: 400, seed: propertySeed(20261215) },
    );
    // Both answers were reached, and claim-level errors (what the fast clean check decides) among the refusals.
    expect(counts.valid).toBeGreaterThan(50);
    expect(counts.refused).toBeGreaterThan(100);
    expect(counts.claimErrors).toBeGreaterThan(30);
  });
});
