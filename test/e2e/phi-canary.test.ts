/**
 * PHI never reaches a log line: the demo runs (as `x12gw demo --once --json`, a separate process, at
 * trace level) on batches whose patients carry canary names, member ids, birth dates and claim ids;
 * none of them may appear in anything the process prints. The run also takes the paths issue 14 added:
 * claims with secondary coverage (canary subscriber and member id of the secondary payer), so the
 * gateway builds, logs and sends secondary claims, and the demo's silent payer, so 276 inquiries are
 * written and 277 answers posted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { REPO } from '../helpers/child.js';

const CANARY = { last: 'QXCANARYLAST', first: 'QXCANARYFIRST', memberPrefix: 'QXCANMBR', birthDate: '1931-07-13' };
const dir = mkdtempSync(join(tmpdir(), 'x12gw-phi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PHI canary', () => {
  it('keeps canary names, member ids, birth dates and claim ids out of every log line', async () => {
    writeFileSync(join(dir, 'canary-1.json'), JSON.stringify(syntheticBatch({ batchId: 'QXCANPCN', claims: 12, canary: CANARY, scrubRejectEvery: 5 })));
    writeFileSync(join(dir, 'canary-2.json'), JSON.stringify(syntheticBatch({ batchId: 'QXCANPCNB', claims: 6, canary: { ...CANARY, memberPrefix: 'REJQXCAN' }, start: 13 })));
    // Issue 14: secondary coverage whose subscriber and member id are canaries too (SIMPAYER3 answers as the next payer).
    const cob = syntheticBatch({ batchId: 'QXCANPCNC', claims: 4, canary: CANARY, start: 19 });
    cob.claims = cob.claims.map((c, k) => ({ ...c, otherPayers: [{ responsibility: 'secondary', relationship: '18', claimFilingIndicator: 'CI', subscriber: { name: { last: CANARY.last, first: CANARY.first }, memberId: `QXCANSEC${900 + k}` }, payer: { name: 'SIMULATED SECOND PAYER', id: 'SIMPAYER3' } }] }));
    writeFileSync(join(dir, 'canary-3.json'), JSON.stringify(cob));
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'demo', '--once', '--json', '--batches', dir, '--log-level', 'trace', '--timeout', '90'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code, err.slice(-2000)).toBe(0);
    const summary = JSON.parse(out.trim());
    expect(summary.secondaryClaims).toBe(4);
    expect(summary.claims).toBe(22 + 4);
    expect(summary.statusInquiries).toBeGreaterThan(0);
    expect(summary.statusAnswers).toBeGreaterThan(0);
    // the run logged plenty (trace level), so the absence of canaries means something
    const lines = err.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.some((l) => l.includes("inbox.posted"))).toBe(true);
    expect(lines.some((l) => l.includes('inbox.secondary-claims'))).toBe(true);
    expect(lines.some((l) => l.includes('status.inquiry'))).toBe(true);
    const all = out + err;
    for (const canary of ['QXCANARYLAST', 'QXCANARYFIRST', 'QXCANMBR', 'REJQXCAN', 'QXCANSEC', 'QXCANPCN', '1931-07-13', '19310713']) {
      const hits = lines.filter((l) => l.toUpperCase().includes(canary));
      expect(hits, `${canary} appeared in the logs`).toEqual([]);
      expect(all.toUpperCase().includes(canary)).toBe(false);
    }
  }, 150_000);
});
