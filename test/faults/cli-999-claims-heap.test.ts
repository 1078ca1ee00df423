/**
 * Issue 12, round 6: `x12gw report --claims 837FILE` maps a 999's errors to the 837 from an index of only
 * the segments the errors name, the 837 read in chunks (src/acks/map-to-837.ts `Index837Reader`), instead
 * of reading the 837 whole and indexing every segment of it. A 40 MB 837P (99,000 claims in 20 transaction
 * sets) and a 999 rejecting two of them: the report completes under a 64 MiB heap (before: out of heap,
 * SIGABRT) with the two errors mapped to the 837's segments. That the mapping is the whole index's is
 * test/property/index-837.property.test.ts and test/faults/cli-999-report.test.ts (with --claims).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { write837 } from '../../bench/synthetic.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'x12gw-999-claims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 999 for group 1 of `sets` transaction sets: the first and the last rejected at segment 18 (the first claim's CLM). */
function write999(sets: number): string {
  const body = ['AK1*HC*1*005010X222A1~'];
  for (let i = 1; i <= sets; i++) {
    body.push(`AK2*837*${String(i).padStart(4, '0')}*005010X222A1~`);
    if (i === 1 || i === sets) body.push('IK3*CLM*18*2300*8~', 'IK4*5:3*1325*7*9~', 'IK5*R*5~');
    else body.push('IK5*A~');
  }
  body.push(`AK9*P*${sets}*${sets}*${sets - 2}~`);
  return `ISA*00*          *00*          *ZZ*BENCHRECEIVER  *ZZ*BENCHSENDER    *240102*1200*^*00501*000000777*0*T*:~\nGS*FA*BENCHRECEIVER*BENCHSENDER*20240102*1200*777*X*005010X231A1~\nST*999*0001*005010X231A1~\n${body.join('\n')}\nSE*${body.length + 2}*0001~\nGE*1*777~\nIEA*1*000000777~\n`;
}

describe('x12gw report --claims on a large 837', () => {
  it('maps the 999 errors under a 64 MiB heap', async () => {
    const claims = join(dir, 'big.837');
    await write837(claims, 40e6);
    const ack = join(dir, 'big.999');
    writeFileSync(ack, write999(20));
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', MAIN, 'report', '--format', 'json', '--claims', claims, ack], { cwd: ROOT, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 << 20 });
    expect(r.signal, r.stderr.slice(-2000)).toBeNull();
    expect(r.status, r.stderr.slice(-2000)).toBe(1);
    const report = JSON.parse(r.stdout) as { acknowledgments: Array<{ claimsHit?: Array<{ transactionControlNumber: string; segmentId: string; matched: boolean; segmentNumber?: number; field?: string; claims: string[] }> }> };
    const hit = report.acknowledgments[0]!.claimsHit!;
    expect(hit.map((h) => [h.transactionControlNumber, h.segmentId, h.matched, h.claims.length])).toEqual([
      ['0001', 'CLM', true, 1],
      ['0020', 'CLM', true, 1],
    ]);
    // Segment 18 of set 0001 is segment 20 of the file (ISA, GS before it): the first claim's CLM; the field is named from the guide.
    expect(hit[0]!.segmentNumber).toBe(20);
    expect(hit[0]!.claims).toEqual(['PCN000000001']);
    expect(hit[0]!.field).toMatch(/CLM05-3/);
  }, 300_000);
});
