/** The one CSV writer: RFC 4180 quoting, and no cell a spreadsheet would run as a formula (OWASP). */
import { describe, expect, it } from 'vitest';
import { csvField, csvLines, csvRow, toCsv } from '../../../src/text/csv.js';
import { toCsv as gatewayToCsv } from '../../../src/gateway/outputs.js';

const PAYLOAD = '=1+2+cmd|calc!A0';

describe('csv', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('DOE, SAM')).toBe('"DOE, SAM"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it.each([PAYLOAD, '+1+cmd|calc!A0', '-2+3+cmd|calc!A0', '@SUM(1+1)*cmd|calc!A0', '\t=1+1', '\r=1+1', '-x'])('neutralises the formula start of %j', (cell) => {
    const out = csvField(cell);
    // Shown as text: a leading quote inside the cell (after the RFC 4180 opening quote when quoted).
    expect(out.replace(/^"/, '').startsWith("'")).toBe(true);
    expect(out.replace(/^"/, '').slice(1).replace(/"$/, '').replace(/""/g, '"')).toBe(cell);
  });

  it('keeps plain numbers (negative amounts of reversals) as numbers', () => {
    for (const n of ['-12.50', '-500.00', '+3', '-.5', '0.00']) expect(csvField(n)).toBe(n);
  });

  it('csvRow ends records with CRLF by default, "\\n" on request; toCsv and csvLines agree', () => {
    expect(csvRow(['a', PAYLOAD, 'b,c'])).toBe(`a,'${PAYLOAD},"b,c"\r\n`);
    expect(csvRow(['a'], { newline: '\n' })).toBe('a\n');
    const rows = [[1, 'x'], [2, '=y']];
    expect(toCsv(['n', 's'], rows)).toBe([...csvLines(['n', 's'], rows)].join(''));
    expect(toCsv(['n', 's'], rows)).toBe("n,s\r\n1,x\r\n2,'=y\r\n");
  });

  it('the gateway results / report CSVs use it (formula-safe, "\\n" line ends as before)', () => {
    expect(gatewayToCsv(['claimId', 'state'], [[PAYLOAD, 'paid']])).toBe(`claimId,state\n'${PAYLOAD},paid\n`);
  });
});
