/**
 * `duplicatesSent` of `demo --instances` (src/simulator/sent-duplicates.ts), read from a simulator's
 * processed/ folder: an original claim in two interchanges counts, a replacement (CLM05-3 = 7) of it does
 * not, a byte-identical retry the clearinghouse dropped does not, and a control number received again
 * with different bytes (an ISA13 reused) does.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countSentDuplicates } from '../../../src/simulator/sent-duplicates.js';

const SAMPLE = readFileSync(join(import.meta.dirname, '../../../samples/x12/837P/professional-claims.valid.x12'), 'latin1');
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function simFolder(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'x12gw-dups-'));
  mkdirSync(join(dir, 'processed'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'processed', name), text, 'latin1');
  return dir;
}

describe('duplicates the clearinghouse received', () => {
  it('none when every claim came once and a retry sent the same bytes', () => {
    expect(countSentDuplicates(simFolder({ 'a.x12': SAMPLE, 'a.x12.duplicate-0a1b2c3d': SAMPLE }))).toEqual({ claimsInTwoInterchanges: 0, reusedControlNumbers: 0, total: 0 });
  });

  it('counts originals in two interchanges and reused control numbers, not replacements', () => {
    expect(SAMPLE).toContain('*000000101*');
    expect(SAMPLE).toContain('CLM*PCN0001*285***11:B:1*');
    // The same claims again in another interchange, PCN0001 as a replacement (frequency 7).
    const again = SAMPLE.replace('*000000101*', '*000000201*').replace('IEA*1*000000101', 'IEA*1*000000201').replace('CLM*PCN0001*285***11:B:1*', 'CLM*PCN0001*285***11:B:7*');
    // ISA13 101 again with other bytes (another date): a reused control number.
    const reused = SAMPLE.replace('*240315*0930*', '*240316*0930*');
    const counted = countSentDuplicates(simFolder({ 'a.x12': SAMPLE, 'b.x12': again, 'a.x12.duplicate-9f9f9f9f': reused }));
    expect(counted.claimsInTwoInterchanges).toBe(2); // PCN0002 and PCN0003
    expect(counted.reusedControlNumbers).toBe(1);
    expect(counted.total).toBe(3);
  });
});
