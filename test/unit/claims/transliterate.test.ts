import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { transliterate, transliterateText } from '../../../src/claims/transliterate.js';
import { generateCommand } from '../../../src/cli/commands/generate.js';
import { professionalInput } from './fixtures.js';

const today = '2024-06-01';

describe('transliterate', () => {
  it('gives the plain-letter form the X12 character set allows', () => {
    const cases: Array<[string, string]> = [
      ['MUÑOZ', 'MUNOZ'],
      ['BÉLANGER', 'BELANGER'],
      ['Bélanger-Çelik', 'Belanger-Celik'],
      ['STRAßE', 'STRASSE'],
      ['Straße', 'Strasse'],
      ['O’BRIEN', "O'BRIEN"],
      ['“ACME” CLINIC', '"ACME" CLINIC'],
      ['SØRENSEN', 'SORENSEN'],
      ['ŁUKASZ', 'LUKASZ'],
      ['ÆRØ', 'AERO'],
      ['ŒUVRE', 'OEUVRE'],
      ['SUITE 3 – REAR…', 'SUITE 3 - REAR...'],
      ['ST\u00A0JOHN', 'ST JOHN'],
      ['ﬁeld', 'field'],
      ['PLAIN NAME', 'PLAIN NAME'],
    ];
    for (const [from, to] of cases) expect(transliterate(from), from).toBe(to);
  });

  it('has no guess for letters without a Latin form, symbols or control characters', () => {
    for (const text of ['张伟', 'ИВАНОВ', 'SMITH 😀', 'A\u0007B']) expect(transliterate(text), text).toBeUndefined();
  });

  it('changes only free-text fields, returns a copy and lists the paths it changed', () => {
    const raw = { claimId: 'CLÉ-1', totalCharge: '１２５', subscriber: { name: { last: 'MUÑOZ', first: 'JOSÉ' }, memberId: 'MBRÉ1' }, diagnoses: ['É11'], lines: [{ note: 'café' }] };
    const { value, changed } = transliterateText(raw);
    expect(value).toEqual({ claimId: 'CLÉ-1', totalCharge: '１２５', subscriber: { name: { last: 'MUNOZ', first: 'JOSE' }, memberId: 'MBRÉ1' }, diagnoses: ['É11'], lines: [{ note: 'cafe' }] });
    expect(changed.map((c) => c.field)).toEqual(['$.subscriber.name.last', '$.subscriber.name.first', '$.lines[0].note']);
    expect(raw.subscriber.name.last).toBe('MUÑOZ');
  });
});

describe('accented names in a claim', () => {
  it('are sent in plain letters with a warning naming each field (they used to reject the claim)', () => {
    const input = professionalInput() as Record<string, any>;
    input.subscriber.name = { last: 'MUÑOZ', first: 'JOSÉ' };
    input.billingProvider.name = 'CLINIQUE BÉLANGER';
    input.subscriber.address.city = 'SAN JOSÉ';
    const r = acceptClaim(input, { today });
    expect(r.accepted).toBe(true);
    expect(r.claim?.subscriber.name).toEqual({ last: 'MUNOZ', first: 'JOSE' });
    expect(r.claim?.billingProvider.name).toBe('CLINIQUE BELANGER');
    expect(r.findings.map((f) => [f.code, f.field, f.severity])).toEqual([
      ['CHARACTERS-REPLACED', '$.billingProvider.name', 'warning'],
      ['CHARACTERS-REPLACED', '$.subscriber.name.last', 'warning'],
      ['CHARACTERS-REPLACED', '$.subscriber.name.first', 'warning'],
      ['CHARACTERS-REPLACED', '$.subscriber.address.city', 'warning'],
    ]);
    // The findings name fields, never the values (PHI).
    expect(JSON.stringify(r.findings)).not.toMatch(/MU.OZ|JOS|BELANGER|BÉLANGER/);
  });

  it('an identifier with an accented letter is an error and is not changed; an amount is never changed', () => {
    const input = professionalInput() as Record<string, any>;
    input.subscriber.memberId = 'MBRÉ001';
    input.lines[0].procedureCode = '9921３';
    const r = acceptClaim(input, { today });
    expect(r.accepted).toBe(false);
    expect(r.claim?.subscriber.memberId).toBe('MBRÉ001');
    expect(r.findings.filter((f) => f.code === 'NON-ASCII-CHARACTER').map((f) => f.field)).toEqual(['$.subscriber.memberId', '$.lines[0].procedureCode']);
    const amount = professionalInput() as Record<string, any>;
    amount.totalCharge = '１７５';
    const a = acceptClaim(amount, { today });
    expect(a.accepted).toBe(false);
    expect(a.findings.map((f) => [f.code, f.field])).toEqual([['FIELD-FORMAT', '$.totalCharge']]);
  });

  it('a name in a script with no plain form is still refused', () => {
    const input = professionalInput() as Record<string, any>;
    input.subscriber.name.last = '张';
    const r = acceptClaim(input, { today });
    expect(r.accepted).toBe(false);
    expect(r.findings.map((f) => [f.code, f.field])).toEqual([['NON-ASCII-CHARACTER', '$.subscriber.name.last']]);
  });
});

describe('x12gw generate with accented names', () => {
  let dir: string;
  let out: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-chars-'));
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the plain form into the 837 and reports the claim as sent with warnings', async () => {
    const input = professionalInput() as Record<string, any>;
    input.subscriber.name = { last: 'MUÑOZ', first: 'JOSÉ' };
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ partnerId: 'demo', claims: [input] }));
    const partners = new URL('../../../config/partners/', import.meta.url).pathname;
    expect(await generateCommand(batch, { partners, date: '2024-06-01T09:30:00Z' })).toBe(0);
    expect(readFileSync(join(dir, 'batch.837'), 'utf8')).toContain('NM1*IL*1*MUNOZ*JOSE');
    expect(out.join('')).toMatch(/SENT WITH WARNINGS .*\n\s+WARNING\s+\$\.subscriber\.name\.last: .*\[CHARACTERS-REPLACED\]/);
  });
});
