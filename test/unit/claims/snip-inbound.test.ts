/**
 * Inbound 837 checks beyond the engine (issue 13 item 7), on hand-made 837s (the samples, edited):
 * SNIP 3 COB balance per other payer (claim and line level), SNIP 4 situational rules, SNIP 7 partner
 * rules when a partner is named — each finding with its SNIP level, in `x12gw validate --json` too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, validateCommand } from '../../../src/cli/commands/validate.js';
import { PartnerRules } from '../../../src/claims/snip/partner-rules-schema.js';
import { allFindings, type ReadReport } from '../../../src/guides/reader.js';

const samples = new URL('../../../samples/claims/', import.meta.url).pathname;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'x12gw-snip-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** The sample's segments (terminator from ISA), edited by `edit`, written to a file. */
function edited(name: string, edit: (segments: string[]) => string[]): string {
  const text = readFileSync(join(samples, `${name}.837`), 'utf8');
  const terminator = text[105];
  const segments = text.split(terminator).map((s) => s.replace(/^\s+/, ''));
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.837`);
  writeFileSync(path, edit(segments).join(terminator + '\n'));
  return path;
}
const replace = (from: string, to: string) => (s: string[]) => {
  const i = s.findIndex((x) => x.startsWith(from));
  if (i < 0) throw new Error(`no segment ${from}`);
  s[i] = to === '' ? s[i] : s[i].replace(from, to);
  return s;
};
const ours = (report: ReadReport, prefix = '837-') => allFindings(report).filter((f) => f.code.startsWith(prefix) || f.code.startsWith('PARTNER-'));

describe('SNIP 3: COB amounts balance per other payer', () => {
  it('the balanced secondary sample has no COB finding', async () => {
    expect(ours(await readFile(join(samples, 'secondary.837')))).toEqual([]);
  });

  it('837P: a payer paid amount that does not balance the claim charge, at AMT02 in 2320, snip 3', async () => {
    const f = ours(await readFile(edited('secondary', replace('AMT*D*100', 'AMT*D*90'))));
    expect(f.map((x) => [x.code, x.snip, x.severity, x.position.loop, x.position.segmentId, x.position.element])).toEqual([['837-COB-CLAIM-BALANCE', 3, 'error', '2320', 'AMT', 2]]);
    expect(f[0].message).toMatch(/90\.00 plus its claim adjustments \(CAS in 2320\) 0\.00 and line adjustments \(CAS in 2430\) 75\.00 is 165\.00, not the claim charge \(CLM02\) 175\.00; off by 10\.00/);
  });

  it('837P: a line paid amount that does not balance the line charge, at SVD02 in 2430, snip 3', async () => {
    const f = ours(await readFile(edited('secondary', replace('SVD*SHP01*80*', 'SVD*SHP01*70*'))));
    expect(f.map((x) => [x.code, x.snip, x.position.loop, x.position.segmentId, x.position.element])).toEqual([['837-COB-LINE-BALANCE', 3, '2430', 'SVD', 2]]);
  });

  it('837P: a line adjustment off: both the line and the claim no longer balance', async () => {
    const f = ours(await readFile(edited('secondary', replace('CAS*CO*45*25', 'CAS*CO*45*35'))));
    expect(f.map((x) => x.code).sort()).toEqual(['837-COB-CLAIM-BALANCE', '837-COB-LINE-BALANCE']);
  });

  it('837I: claim-level adjustments off', async () => {
    const f = ours(await readFile(edited('secondary', replace('CAS*CO*45*300', 'CAS*CO*45*310'))));
    expect(f.map((x) => [x.code, x.snip, x.position.transaction])).toEqual([['837-COB-CLAIM-BALANCE', 3, expect.any(String)]]);
    expect(f[0].message).toMatch(/off by -10\.00/);
  });
});

describe('SNIP 4: situational rules of the 837 guides', () => {
  const codes = async (path: string) => ours(await readFile(path)).map((x) => [x.code, x.snip, x.severity]);

  it('the samples (P, I, D) have none', async () => {
    for (const name of ['professional', 'institutional', 'dental']) expect(ours(await readFile(join(samples, `${name}.837`)))).toEqual([]);
  });

  it('subscriber not the patient (SBR02 empty) but no patient level 2000C', async () => {
    expect(await codes(edited('professional', replace('SBR*P*18*', 'SBR*P**')))).toEqual([['837-PATIENT-LEVEL-REQUIRED', 4, 'error']]);
  });

  it('subscriber is the patient (SBR02 = 18) yet a patient level 2000C is sent', async () => {
    const path = edited('professional', (s) => {
      const i = s.findIndex((x) => x.startsWith('NM1*PR*'));
      s.splice(i + 1, 0, 'HL*3*2*23*0', 'PAT*19', 'NM1*QC*1*DOE*JIM', 'N3*12 ELM ROAD', 'N4*SPRINGFIELD*IL*62702', 'DMG*D8*20100101*M');
      return replace('HL*2*1*22*0', 'HL*2*1*22*1')(s);
    });
    expect(await codes(path)).toEqual([['837-PATIENT-LEVEL-NOT-USED', 4, 'error']]);
  });

  it('subscriber is the patient but no subscriber demographics (DMG in 2010BA)', async () => {
    const path = edited('professional', (s) => s.filter((x) => !x.startsWith('DMG*D8*19800501')));
    expect((await codes(path)).filter((c) => String(c[0]).startsWith('837-'))).toEqual([['837-SUBSCRIBER-DEMOGRAPHICS', 4, 'error']]);
  });

  it('a replacement claim (CLM05-3 = 7) without the payer claim number (REF*F8)', async () => {
    const f = ours(await readFile(edited('professional', replace('CLM*P-1001*175***11:B:1*', 'CLM*P-1001*175***11:B:7*'))));
    expect(f.map((x) => [x.code, x.snip, x.position.segmentId, x.position.element])).toEqual([['837-PAYER-CLAIM-NUMBER', 4, 'CLM', 5]]);
  });

  it('837P auto accident (CLM11 = AA) without the state and the accident date', async () => {
    expect(await codes(edited('professional', replace('CLM*P-1001*175***11:B:1*Y*A*Y*Y', 'CLM*P-1001*175***11:B:1*Y*A*Y*Y**AA')))).toEqual([
      ['837-ACCIDENT-STATE', 4, 'error'],
      ['837-ACCIDENT-DATE', 4, 'error'],
    ]);
    expect(await codes(edited('professional', (s) => {
      replace('CLM*P-1001*175***11:B:1*Y*A*Y*Y', 'CLM*P-1001*175***11:B:1*Y*A*Y*Y**AA:::IL')(s);
      s.splice(s.findIndex((x) => x.startsWith('CLM*')) + 1, 0, 'DTP*439*D8*20240215');
      return s;
    }))).toEqual([]);
  });

  it('837P rendering provider (2310B) the same as the billing provider: a warning', async () => {
    const f = ours(await readFile(edited('professional', replace('NM1*82*1*RIVERA*CASEY****XX*1987654328', 'NM1*82*1*RIVERA*CASEY****XX*1234567893'))));
    expect(f.map((x) => [x.code, x.snip, x.severity, x.position.loop])).toEqual([['837-RENDERING-SAME-AS-BILLING', 4, 'warning', '2310B']]);
  });
});

describe('SNIP 7: partner rules on inbound 837s', () => {
  const rules = PartnerRules.parse({
    requiredFields: [{ field: 'referringProvider.npi', reason: 'referrals are checked' }, { field: 'lines[].lineControlNumber', payerIds: ['OTHER'] }],
    codeLists: [{ field: 'placeOfService', codes: ['22', '23'] }, { field: 'lines[].modifiers', codes: ['59'], payerIds: ['SHP01'] }],
  });

  it('extra required fields and code lists, applied only when a partner is named, marked snip 7', async () => {
    const path = join(samples, 'professional.837');
    expect(ours(await readFile(path))).toEqual([]);
    const all = ours(await readFile(path, { partner: { id: 'strict', rules } }));
    const firstClaim = Math.min(...all.map((x) => x.position.segmentNumber!));
    const f = all.filter((x) => x.position.segmentNumber === firstClaim);    expect(f.map((x) => [x.code, x.snip, x.severity, x.position.segmentId])).toEqual([
      ['PARTNER-REQUIRED-FIELD', 7, 'error', 'CLM'],
      ['PARTNER-CODE-LIST', 7, 'error', 'CLM'],
      ['PARTNER-CODE-LIST', 7, 'error', 'CLM'],
    ]);
    expect(f[0].message).toMatch(/Partner strict requires this field: referrals are checked\. Field \$\.referringProvider\.npi/);
    expect(f[1].message).toMatch(/\$\.placeOfService/);
    expect(f[2].message).toMatch(/\$\.lines\[0\]\.modifiers\[0\]/);
  });

  it('skipEdits turn inbound checks off by code', async () => {
    const path = edited('professional', replace('CLM*P-1001*175***11:B:1*', 'CLM*P-1001*175***11:B:7*'));
    const skip = PartnerRules.parse({ skipEdits: ['837-PAYER-CLAIM-NUMBER'] });
    expect(ours(await readFile(path)).map((x) => x.code)).toEqual(['837-PAYER-CLAIM-NUMBER']);
    expect(ours(await readFile(path, { partner: { id: 'lenient', rules: skip } }))).toEqual([]);
  });

  it('x12gw validate --json --partner shows the findings with their levels', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const partners = join(dir, 'partners');
    mkdirSync(partners);
    const demo = JSON.parse(readFileSync(new URL('../../../config/partners/demo.json', import.meta.url), 'utf8'));
    writeFileSync(join(partners, 'strict.json'), JSON.stringify({ ...demo, id: 'strict', rules: { codeLists: [{ field: 'placeOfService', codes: ['22'] }] } }));
    const path = edited('secondary', replace('AMT*D*100', 'AMT*D*90'));
    expect(await validateCommand([path], { json: true, partner: 'strict', partners })).toBe(1);
    const json = JSON.parse(out.join(''));
    const all = (json[0].interchanges as Array<{ groups: Array<{ transactions: Array<{ findings: Array<{ code: string; snip?: number }> }> }> }>).flatMap((i) => i.groups.flatMap((g) => g.transactions.flatMap((t) => t.findings)));
    expect(all.filter((x) => x.code === '837-COB-CLAIM-BALANCE').map((x) => x.snip)).toEqual([3]);
    // the 837P claim's place of service 11 (the 837I claim has none)
    expect(all.filter((x) => x.code === 'PARTNER-CODE-LIST').map((x) => x.snip)).toEqual([7]);
    expect(await validateCommand([path], { json: true, partner: 'nobody', partners })).toBe(2);
  });
});
