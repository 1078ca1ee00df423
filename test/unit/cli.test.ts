/** The x12gw command line as a user meets it: exit codes, JSON output, acknowledgments, no stack traces. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 << 20 });

const dir = mkdtempSync(join(tmpdir(), 'x12gw-cli-'));
const GOOD = [
  'ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~',
  'GS*FA*SUB*REC*20240101*1200*1*X*005010X231A1~',
  'ST*999*0001*005010X231A1~',
  'AK1*HC*17*005010X222A1~',
  'AK2*837*0001*005010X222A1~',
  'IK5*A~',
  'AK9*A*1*1*1~',
  'SE*6*0001~',
  'GE*1*1~',
  'IEA*1*000000001~',
].join('\n');
const good = join(dir, 'good.999');
writeFileSync(good, GOOD);
const bad = join(dir, 'bad.999');
writeFileSync(bad, GOOD.replace('SE*6*0001', 'SE*7*0001').replace('AK9*A*1*1*1', 'AK9*Q*1*1*1'));
const junk = join(dir, 'junk.txt');
writeFileSync(junk, 'this is not an EDI file\n');

describe('x12gw', () => {
  it('validate: 0 for valid, 1 for invalid with positions, 2 for missing or non-X12 files, never a stack trace', () => {
    expect(cli(['validate', good]).status).toBe(0);
    const r = cli(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/INVALID/);
    expect(r.stdout).toMatch(/segment 8, byte \d+, SE01: SE01 says 7 segments/);
    expect(r.stdout).toMatch(/AK901/);
    const missing = cli(['validate', join(dir, 'nope.x12')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read: no such file/);
    expect(missing.stderr).not.toMatch(/\s+at /);
    const notX12 = cli(['validate', junk]);
    expect(notX12.status).toBe(2);
    expect(notX12.stdout).toMatch(/not an X12 interchange/);
  });

  it('validate exits 1 on an 835 that does not balance and says where', () => {
    const r = cli(['validate', join(ROOT, 'samples/remits/unbalanced.835')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/loop 2100, CLP04: Claim does not balance/);
    expect(r.stdout).toMatch(/BPR02: The payment does not balance/);
    expect(cli(['validate', join(ROOT, 'samples/remits/paid-partial-denied.835')]).status).toBe(0);
  });

  it('validate --json gives every finding with its position', () => {
    const r = cli(['validate', '--json', bad]);
    const [report] = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    const tx = report.interchanges[0].groups[0].transactions[0];
    expect(tx.status).toBe('R');
    expect(tx.findings.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['X12-SE-COUNT', 'GUIDE-CODE-NOT-ALLOWED']));
  });

  it('parse prints the loop tree; --ndjson streams records', () => {
    const r = cli(['parse', good]);
    expect(r.status).toBe(0);
    const [tx] = JSON.parse(r.stdout);
    expect(tx.guide).toBe('999');
    expect(tx.tree.children.find((c: { loop?: string }) => c.loop === '2000').children[0]).toMatchObject({ segment: 'AK2', elements: ['837', '0001', '005010X222A1'] });
    const n = cli(['parse', '--ndjson', good]);
    const records = n.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => x.type)).toEqual(['unit', 'transaction', 'summary']);
    expect(records[0].path).toEqual(['ST']);
  });

  it('ack writes a 999 that our validator accepts', () => {
    const out = join(dir, 'answer.999');
    const src = join(dir, 'claim.837');
    writeFileSync(src, readFileSync(good, 'utf8').replace(/GS\*FA\*/, 'GS*HC*').replace('005010X231A1~\nST*999', '005010X222A1~\nST*837'));
    const r = cli(['ack', src, '-o', out, '--date', '2024-03-01T10:30:00Z']);
    expect(r.stderr).toMatch(/999 written/);
    const v = cli(['validate', out]);
    expect(v.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/AK1\*HC\*1\*005010X222A1~/);
  });

  it('shows a progress bar on stderr for big files when asked', () => {
    const big = join(dir, 'big.999');
    const body = GOOD.split('\n');
    const loops: string[] = [];
    for (let i = 1; i <= 120000; i++) loops.push(`AK2*837*${String(i).padStart(6, '0')}*005010X222A1~\nIK5*A~`);
    writeFileSync(big, [body[0], body[1], body[2], body[3], ...loops, 'AK9*A*120000*120000*120000~', `SE*${loops.length * 2 + 4}*0001~`, 'GE*1*1~', 'IEA*1*000000001~'].join('\n'));
    const r = cli(['validate', big], { X12GW_PROGRESS: 'always' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/validating big\.999 \[#*\.*\]\s+\d+%/);
  });

  it('--help explains the commands', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/validate/);
    expect(out).toMatch(/parse/);
    expect(out).toMatch(/ack/);
  });
});
