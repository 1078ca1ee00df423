import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { closestKey, editDistance } from '../../../src/claims/model-problems.js';
import { read837 } from '../../../src/claims/index.js';
import { generateCommand } from '../../../src/cli/commands/generate.js';
import { dentalInput, institutionalInput, professionalInput } from './fixtures.js';

const today = '2024-06-01';
const codesAndFields = (raw: unknown) => acceptClaim(raw, { today }).findings.map((f) => [f.code, f.field]);

describe('strict claim model: unknown keys are refused, never dropped', () => {
  it('a misspelt prior authorization is refused by name with "did you mean" (it used to be dropped and the claim sent)', () => {
    const input = { ...professionalInput(), priorAuthorisation: 'PA12345' };
    const r = acceptClaim(input, { today });
    expect(r.accepted).toBe(false);
    expect(r.claim).toBeUndefined();
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'FIELD-UNKNOWN', field: '$.priorAuthorisation', severity: 'error' });
    expect(r.findings[0].message).toContain('"priorAuthorisation"');
    expect(r.findings[0].fix).toBe('Did you mean "priorAuthorization"? Rename the field.');
    // Never the value (PHI / identifiers) in the words.
    expect(JSON.stringify(r.findings)).not.toContain('PA12345');
  });

  it('unknown keys at any depth, with the keys known at that place (lines, subscriber, drug, other payers)', () => {
    const input = professionalInput() as Record<string, any>;
    input.lines[0].modifer = ['25'];
    input.subscriber.memberID = input.subscriber.memberId;
    delete input.subscriber.memberId;
    input.payer.payerId = 'X';
    const r = acceptClaim(input, { today });
    const byField = Object.fromEntries(r.findings.map((f) => [f.field, f]));
    expect(byField['$.lines[0].modifer'].fix).toBe('Did you mean "modifiers"? Rename the field.');
    expect(byField['$.subscriber.memberID'].fix).toBe('Did you mean "memberId"? Rename the field.');
    expect(byField['$.subscriber.memberId']).toMatchObject({ code: 'FIELD-MISSING' });
    // "payerId" is not near "id" or "name": the fix lists the fields allowed in a payer.
    expect(byField['$.payer.payerId'].fix).toBe('Remove it, or use one of the fields allowed here: name, id, address.');
  });

  it('a key with no near neighbour (ambulance) is refused and the fix lists the claim fields for that kind', () => {
    const f = acceptClaim({ ...institutionalInput(), ambulance: 'A0427' }, { today }).findings;
    expect(f.map((x) => [x.code, x.field])).toEqual([['FIELD-UNKNOWN', '$.ambulance']]);
    expect(f[0].fix).toMatch(/^Remove it, or use one of the fields allowed here: kind, claimId, .*typeOfBill.*admissionType/);
    // The dental claim knows other fields (predeterminationNumber), so its list is the dental one.
    const d = acceptClaim({ ...dentalInput(), predetermination: 'P1' }, { today }).findings;
    expect(d[0].fix).toBe('Did you mean "predeterminationNumber"? Rename the field.');
  });

  it('reports every problem of a claim in one pass, in plain words, each with path and fix', () => {
    const input = professionalInput() as Record<string, any>;
    input.totalCharge = 175;
    input.assignment = 'Q';
    input.claimId = 'X'.repeat(40);
    delete input.payer;
    input.lines[0].serviceDate = '03/15/2024';
    input.lines[0].diagnosisPointers = [];
    input.kindOfClaim = 'x';
    const r = acceptClaim(input, { today });
    expect(r.findings.map((f) => [f.code, f.field]).sort()).toEqual(
      [
        ['FIELD-TYPE', '$.totalCharge'],
        ['FIELD-VALUE', '$.assignment'],
        ['FIELD-TOO-LONG', '$.claimId'],
        ['FIELD-MISSING', '$.payer'],
        ['FIELD-FORMAT', '$.lines[0].serviceDate'],
        ['FIELD-MISSING', '$.lines[0].diagnosisPointers'],
        ['FIELD-UNKNOWN', '$.kindOfClaim'],
      ].sort(),
    );
    for (const f of r.findings) {
      expect(f.fix.length).toBeGreaterThan(0);
      expect(`${f.code} ${f.message} ${f.fix}`).not.toMatch(/SCHEMA|docs\/|zod|Invalid input|expected string|received/i);
    }
    const byField = Object.fromEntries(r.findings.map((f) => [f.field, f]));
    expect(byField['$.assignment'].fix).toBe('Use one of: "A", "B", "C".');
    expect(byField['$.claimId'].fix).toBe('Shorten it to 38 characters.');
    expect(byField['$.lines[0].serviceDate'].message).toContain('a date is written YYYY-MM-DD');
    expect(byField['$.totalCharge'].fix).toMatch(/in quotes/);
  });

  it('an unknown or missing claim kind names the kinds there are', () => {
    const f = acceptClaim({ ...professionalInput(), kind: 'vision' }, { today }).findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'FIELD-VALUE', field: '$.kind' });
    expect(f[0].fix).toBe('Set "kind" to one of: "professional", "institutional", "dental".');
  });

  it('text shorter than the 837 minimum, blank or empty: FIELD-TOO-SHORT or FIELD-EMPTY, one finding per field, checked on the written form', () => {
    const input = professionalInput() as Record<string, any>;
    input.subscriber.address.city = 'X'; // N401 is 2/30
    input.subscriber.memberId = '1'; // NM109 is 2/80
    input.billingProvider.address.city = 'É'; // transliterated to "E" first: still one character
    input.subscriber.name.last = '   ';
    input.payer.name = '';
    input.lines[0].description = '\u00A0'; // a no-break space, transliterated to a blank
    const r = acceptClaim(input, { today });
    expect(r.accepted).toBe(false);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.field]).sort()).toEqual(
      [
        ['FIELD-TOO-SHORT', '$.subscriber.address.city'],
        ['FIELD-TOO-SHORT', '$.subscriber.memberId'],
        ['FIELD-TOO-SHORT', '$.billingProvider.address.city'],
        ['FIELD-EMPTY', '$.subscriber.name.last'],
        ['FIELD-EMPTY', '$.payer.name'],
        ['FIELD-EMPTY', '$.lines[0].description'],
      ].sort(),
    );
    const byField = Object.fromEntries(r.findings.filter((f) => f.severity === 'error').map((f) => [f.field, f]));
    expect(byField['$.subscriber.address.city'].message).toBe('The value is shorter than the 2 characters the 837 needs.');
    expect(byField['$.subscriber.address.city'].fix).toMatch(/at least 2 characters/);
    expect(byField['$.subscriber.name.last'].message).toBe('The field holds only spaces.');
    expect(byField['$.payer.name'].message).toBe('The field is empty.');
    // Two characters, leading or trailing spaces, and text that transliterates to two or more are fine.
    const ok = professionalInput() as Record<string, any>;
    ok.subscriber.address.city = 'ß'; // SS
    ok.billingProvider.address.city = 'AB';
    ok.subscriber.memberId = 'A1';
    ok.subscriber.name.last = ' DOE';
    expect(acceptClaim(ok, { today }).accepted).toBe(true);
  });

  it('the fixtures of every kind still fit', () => {
    for (const c of [professionalInput(), institutionalInput(), dentalInput()]) expect(codesAndFields(c).filter(([code]) => String(code).startsWith('FIELD-'))).toEqual([]);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swaps, ignoring case', () => {
    expect(editDistance('priorAuthorisation', 'priorAuthorization')).toBe(1);
    expect(editDistance('memberID', 'memberId')).toBe(0);
    expect(editDistance('chagre', 'charge')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('units', 'unitType')).toBe(4);
  });
  it('suggests only near keys', () => {
    expect(closestKey('diagnosis', ['diagnoses', 'lines'])).toBe('diagnoses');
    expect(closestKey('drg', ['diagnoses', 'lines', 'kind'])).toBeUndefined();
    expect(closestKey('x', [])).toBeUndefined();
    expect(closestKey('predetermination', ['predeterminationNumber', 'note'])).toBe('predeterminationNumber');
    expect(closestKey('priorAuthorizationNumber', ['priorAuthorization'])).toBe('priorAuthorization');
    expect(closestKey('pre', ['predeterminationNumber'])).toBeUndefined();
  });
});

describe('x12gw generate with an unknown key', () => {
  let dir: string;
  let out: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-strict-'));
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const partners = new URL('../../../config/partners/', import.meta.url).pathname;

  it('refuses the claim with the typo (exit 1, path and "did you mean" in the report) and still generates the good one', async () => {
    const batch = join(dir, 'batch.json');
    const typo = { ...professionalInput(), claimId: 'TYPO-1', priorAuthorisation: 'PA1' };
    writeFileSync(batch, JSON.stringify({ partnerId: 'demo', claims: [typo, professionalInput()] }));
    expect(await generateCommand(batch, { partners, date: '2024-06-01T09:30:00Z' })).toBe(1);
    const report = out.join('');
    expect(report).toContain('$.priorAuthorisation: "priorAuthorisation" is not a field the claim can carry here, so it would be lost. [FIELD-UNKNOWN]');
    expect(report).toContain('Did you mean "priorAuthorization"?');
    expect(read837(readFileSync(join(dir, 'batch.837'))).claims.map((c) => c.claimId)).toEqual(['P-1001']);
  });

  it('an unknown key in the batch header is named with its path too', async () => {
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ partnerID: 'demo', claims: [professionalInput()] }));
    expect(await generateCommand(batch, { partners, date: '2024-06-01T09:30:00Z' })).toBe(1);
    expect(out.join('')).toMatch(/\$\.partnerID: .*\[FIELD-UNKNOWN\]\n\s+fix: Did you mean "partnerId"\?/);
  });
});
