/** PWK attachments (issue 13 item 5) in the model, the 837P/I/D writers and the reader, with their scrubber edits. */
import { describe, expect, it } from 'vitest';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { Claim, read837 } from '../../../src/claims/index.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { dentalInput, institutionalInput, partner, professionalInput, write837OneLine } from './fixtures.js';

const today = '2024-06-01';

const write = write837OneLine;

describe('PWK attachments (837P, 837I, 837D)', () => {
  for (const [kind, make] of [['professional', professionalInput], ['institutional', institutionalInput], ['dental', dentalInput]] as const) {
    it(`${kind}: PWK in 2300, valid, read back the same`, () => {
      const input = make() as Record<string, any>;
      input.attachments = [{ reportType: 'OZ', transmission: 'FX', controlNumber: 'ATT-12345' }, { reportType: 'DG', transmission: 'AA' }];
      const r = acceptClaim(input, { today });
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const text = write(r.claim!);
      expect(text).toContain('~PWK*OZ*FX***AC*ATT-12345~PWK*DG*AA~');
      expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
      const back = read837(text).claims[0].claim as Record<string, any>;
      expect(back.attachments).toEqual(input.attachments);
      expect(Claim.parse(back)).toMatchObject({ attachments: input.attachments });
    });
  }

  it('scrubber: a mailed attachment without a control number, and a report type the guide does not allow', () => {
    const input = professionalInput() as Record<string, any>;
    input.attachments = [{ reportType: 'OZ', transmission: 'BM' }, { reportType: 'ZZ', transmission: 'AA' }];
    expect(acceptClaim(input, { today }).findings.filter((f) => f.code.startsWith('ATTACHMENT')).map((f) => [f.code, f.field, f.severity])).toEqual([
      ['ATTACHMENT-CONTROL-NUMBER', '$.attachments[0].controlNumber', 'error'],
      ['ATTACHMENT-REPORT-TYPE', '$.attachments[1].reportType', 'error'],
    ]);
    const dental = dentalInput() as Record<string, any>;
    dental.attachments = [{ reportType: '09', transmission: 'AA' }];
    expect(acceptClaim(dental, { today }).findings.map((f) => f.code)).toContain('ATTACHMENT-REPORT-TYPE');
  });

  it('a misspelt attachment key is refused with a "did you mean", never dropped', () => {
    const input = professionalInput() as Record<string, any>;
    input.attachments = [{ reportType: 'OZ', transmission: 'AA', controlNumer: 'X' }];
    const f = acceptClaim(input, { today }).findings;
    expect(f.map((x) => [x.code, x.field])).toEqual([['FIELD-UNKNOWN', '$.attachments[0].controlNumer']]);
    expect(f[0].message + f[0].fix).toMatch(/controlNumber/);
  });
});
