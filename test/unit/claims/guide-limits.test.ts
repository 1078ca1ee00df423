import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Claim, read837 } from '../../../src/claims/index.js';
import { KINDS } from '../../../src/claims/kinds.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { checkWritten837 } from '../../../src/cli/commands/check-written.js';
import { generateCommand } from '../../../src/cli/commands/generate.js';
import { dentalInput, institutionalInput, partner, professionalInput, write837 } from './fixtures.js';

/** The subscriber's child as the patient (2000C). */
const dependentInput = () => {
  const c = professionalInput() as Record<string, any>;
  const { birthDate: _b, gender: _g, address: _a, ...subscriber } = c.subscriber;
  return { ...c, subscriber, patient: { relationship: '19', name: { last: 'DOE', first: 'CHILD' }, birthDate: '2015-04-02', gender: 'M', address: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' } } };
};

const write = (claims: Claim[]): string => write837(claims);

/** For each HL: its level code (20/22/23) and how many CLM follow it before the next HL. */
function claimsPerLevel(text: string): Array<{ level: string; parent: string; claims: number }> {
  const out: Array<{ level: string; parent: string; claims: number }> = [];
  for (const seg of text.split('~').map((s) => s.trim())) {
    const e = seg.split('*');
    if (e[0] === 'HL') out.push({ level: e[3], parent: e[2], claims: 0 });
    else if (e[0] === 'CLM') out[out.length - 1].claims++;
  }
  return out;
}

const many = (n: number, make: (i: number) => unknown): Claim[] => Array.from({ length: n }, (_, i) => Claim.parse(make(i)));

describe('guide limits in the 837 writer', () => {
  it('the limits the writer uses are the repeat counts of the guide maps (2300 per HL, 2400 per claim)', () => {
    for (const info of Object.values(KINDS)) {
      const map = JSON.parse(readFileSync(new URL(`../../../mappings/guides/${info.guideId}.json`, import.meta.url), 'utf8'));
      const loops: Array<{ id: string; max: number | string }> = [];
      const walk = (n: unknown): void => {
        if (Array.isArray(n)) n.forEach(walk);
        else if (n && typeof n === 'object') {
          const o = n as Record<string, unknown>;
          if (o.kind === 'loop') loops.push({ id: String(o.id), max: o.max as number | string });
          Object.values(o).forEach(walk);
        }
      };
      walk(map.structure);
      const maxOf = (id: string) => [...new Set(loops.filter((l) => l.id === id).map((l) => l.max))];
      expect(maxOf('2300'), info.guideId).toEqual([info.maxClaimsPerLevel]);
      expect(maxOf('2400'), info.guideId).toEqual([info.maxLines]);
    }
  });

  it('250 claims of one subscriber-patient and 150 of a dependent: split into levels of at most 100, valid, all read back', () => {
    const self = many(250, (i) => professionalInput({ claimId: `S-${i + 1}` }));
    const child = many(150, (i) => ({ ...dependentInput(), claimId: `D-${i + 1}` }));
    const text = write([...self, ...child]);
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
    const levels = claimsPerLevel(text);
    expect(levels.filter((l) => l.level === '20')).toHaveLength(1);
    expect(Math.max(...levels.map((l) => l.claims))).toBeLessThanOrEqual(100);
    // The subscriber-patient's 250 claims under three 2000B; the dependent's 150 under two 2000C.
    expect(levels.filter((l) => l.level === '22' && l.claims > 0).map((l) => l.claims)).toEqual([100, 100, 50]);
    expect(levels.filter((l) => l.level === '23').map((l) => l.claims)).toEqual([100, 50]);
    const back = read837(text).claims;
    expect(back.flatMap((c) => c.findings)).toEqual([]);
    expect(back.map((c) => c.claimId).sort()).toEqual([...self, ...child].map((c) => c.claimId).sort());
  });

  it('institutional and dental: 101 claims of one patient are split too', () => {
    for (const make of [institutionalInput, dentalInput]) {
      const text = write(many(101, (i) => ({ ...make(), claimId: `C-${i + 1}` })));
      expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
      expect(claimsPerLevel(text).filter((l) => l.claims > 0).map((l) => l.claims)).toEqual([100, 1]);
    }
  });
});

describe('generate checks what it wrote', () => {
  let dir: string;
  let out: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-limits-'));
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a written 837 that fails our validator is deleted and reported as an error naming the file and positions', async () => {
    const good = write([Claim.parse(professionalInput())]);
    // 101 claims under one 2000B, as the writer used to produce: the guide allows 100.
    const [head, ...rest] = good.split('CLM*');
    const clmAndBelow = 'CLM*' + rest.join('CLM*').split('SE*')[0];
    const broken = head + Array.from({ length: 101 }, () => clmAndBelow).join('') + 'SE*' + good.split('SE*')[1];
    const path = join(dir, 'out.837.tmp');
    writeFileSync(path, broken);
    const check = await checkWritten837(path, { partnerId: 'test-clearinghouse', index: 1, interchangeControlNumber: 1 }, 101);
    expect(check.valid).toBe(false);
    expect(existsSync(path)).toBe(false);
    expect(check.outcome?.findings[0]).toMatchObject({ code: 'OUTPUT-INVALID', severity: 'error' });
    expect(check.outcome?.findings[0].message).toMatch(/partner test-clearinghouse \(file 1, 101 claim\(s\)\) fails our own validator with \d+ error\(s\), first: .*segment \d+/);

    const ok = join(dir, 'ok.837.tmp');
    writeFileSync(ok, good);
    expect((await checkWritten837(ok, { partnerId: 'test-clearinghouse', index: 1, interchangeControlNumber: 1 }, 1)).valid).toBe(true);
    expect(existsSync(ok)).toBe(true);
  });

  it('150 claims of one patient through x12gw generate: exit 0 and a file our validator accepts', async () => {
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ partnerId: 'demo', claims: Array.from({ length: 150 }, (_, i) => professionalInput({ claimId: `G-${i + 1}` })) }));
    const partners = new URL('../../../config/partners/', import.meta.url).pathname;
    expect(await generateCommand(batch, { partners, date: '2024-06-01T09:30:00Z' })).toBe(0);
    const text = readFileSync(join(dir, 'batch.837'), 'utf8');
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
    expect(out.join('')).toContain('150 claim(s) read, 150 generated, 0 rejected');
  });
});
