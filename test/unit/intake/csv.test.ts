import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../../../src/intake/csv/rfc4180.js';
import { claimsFromCsv, CSV_COLUMNS } from '../../../src/intake/index.js';
import { read837 } from '../../../src/claims/index.js';
import { generateCommand } from '../../../src/cli/commands/generate.js';

const sample = (name: string) => readFileSync(new URL(`../../../samples/csv/${name}`, import.meta.url), 'utf8');

describe('RFC 4180 reader', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside quotes, CRLF and LF, and skips a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\n1,,3\r\n\r\nlast,row,"end"';
    const { records, problems } = readCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { row: 3, fields: ['1', '', '3'] },
      { row: 5, fields: ['last', 'row', 'end'] },
    ]);
  });

  it('reports an unclosed quote with the row it starts on', () => {
    const { problems } = readCsv('a,b\n1,"open\n2,3\n');
    expect(problems).toEqual([{ row: 2, message: expect.stringContaining('never closed'), fix: expect.stringContaining('""') }]);
  });
});

describe('CSV → claims', () => {
  it('joins the rows of a claim by claim_id: claim columns once, one line per row, values read as the model wants', () => {
    const { claims, problems } = claimsFromCsv(sample('two-claims.csv'));
    expect(problems).toEqual([]);
    expect(claims.map((c) => [c.claim.claimId, c.rows])).toEqual([['CSV-1', [2, 3]], ['CSV-2', [4]]]);
    const [one, two] = claims.map((c) => c.claim as Record<string, any>);
    expect(one.billingProvider).toEqual({ entity: 'organization', name: 'SAMPLE FAMILY CLINIC, LLC', npi: '1234567893', taxId: '123456789', address: { line1: '100 MAIN STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' } });
    expect(one.diagnoses).toEqual(['J069', 'R05']);
    expect(one.totalCharge).toBe('192.5');
    expect(one.lines).toEqual([
      { procedureCode: '99214', modifiers: ['25'], units: '1', charge: '150', serviceDate: '2024-03-01', diagnosisPointers: [1, 2] },
      { procedureCode: 'J1815', modifiers: ['JZ'], units: '5', charge: '42.5', serviceDate: '2024-03-01', diagnosisPointers: [1], drug: { ndc: '00002821501', quantity: '5', unit: 'UN' } },
    ]);
    expect(two.subscriber.address.line1).toBe('7 "THE GABLES" LANE');
    expect(two.lines[0]).toMatchObject({ charge: '1095', serviceDate: '2024-03-02' });
    expect(two.patient).toBeUndefined();
    expect(claims[0].origins['$.lines[1].charge']).toEqual({ row: 3, column: 'charge' });
  });

  it('a missing required column is named and no claim is read', () => {
    const text = sample('two-claims.csv').replace('member_id,', 'memberid,');
    const { claims, problems } = claimsFromCsv(text);
    expect(claims).toEqual([]);
    expect(problems).toEqual([{ row: 1, column: 'member_id', message: 'The required column "member_id" is missing, so no claim can be read.', fix: expect.stringContaining('header map') }]);
  });

  it('bad values and claim columns that differ between rows name row and column; the other claims are still read', () => {
    const lines = sample('two-claims.csv').split('\r\n');
    lines[2] = lines[2].replace('42.50', '42.5x').replace('MBR0001', 'MBR0009');
    lines[3] = lines[3].replace('03/02/2024', '2024/13/45');
    const { claims, problems } = claimsFromCsv(lines.join('\r\n'));
    expect(claims).toEqual([]);
    expect(problems.map((p) => [p.claimId, p.row, p.column])).toEqual([
      ['CSV-1', 3, 'member_id'],
      ['CSV-1', 3, 'charge'],
      ['CSV-2', 4, 'service_date'],
    ]);
    const good = claimsFromCsv(sample('two-claims.csv').replace('150.00', '15O.00'));
    expect(good.claims.map((c) => c.claim.claimId)).toEqual(['CSV-2']);
    expect(good.problems.map((p) => [p.claimId, p.row, p.column, p.message])).toEqual([['CSV-1', 2, 'charge', 'The amount is not a number with at most two decimals.']]);
  });

  it('reads another layout through a header map, and warns about columns it does not know', () => {
    const text = sample('two-claims.csv')
      .replace('claim_id,', 'Patient Acct #,')
      .replace('procedure_code,', 'CPT,')
      .split('\r\n')
      .map((line, i) => (line ? `${line},${i === 0 ? 'Balance' : '0'}` : line))
      .join('\r\n');
    const { claims, problems } = claimsFromCsv(text, { headerMap: { 'patient acct #': 'claim_id', CPT: 'procedure_code' } });
    expect(problems).toEqual([]);
    expect(claims.map((c) => c.claim.claimId)).toEqual(['CSV-1', 'CSV-2']);
    expect((claims[0].claim as any).lines[0].procedureCode).toBe('99214');
    expect(claims[0].warnings.map((w) => [w.row, w.column])).toEqual([[1, 'Balance']]);
  });

  it('docs/csv-intake.md lists every column of the layout', () => {
    const doc = readFileSync(new URL('../../../docs/csv-intake.md', import.meta.url), 'utf8');
    for (const c of CSV_COLUMNS) expect(doc, c.name).toContain(`| \`${c.name}\` | ${c.level} | ${c.path} | ${c.type} | ${c.required ? 'yes' : ''} | ${c.kind ?? 'both'} | ${c.description} |`);
  });
});

describe('x12gw generate with a CSV file', () => {
  let dir: string;
  let out: string[];
  const partners = new URL('../../../config/partners/', import.meta.url).pathname;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-csv-'));
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates the good claims and reports the bad ones and the scrubber findings by row and column', async () => {
    const input = join(dir, 'export.csv');
    // CSV-2's NPI fails its check digit (a scrubber finding, told by row and column); CSV-1 is good.
    writeFileSync(input, sample('two-claims.csv').replace(/(CSV-2,11,"SAMPLE FAMILY CLINIC, LLC",)1234567893/, '$11234567890'));
    expect(await generateCommand(input, { partners, partner: 'demo', date: '2024-06-01T09:30:00Z' })).toBe(1);
    const report = out.join('');
    expect(report).toMatch(/REJECTED export\.csv rows 4 claim CSV-2\n[\s\S]*ERROR {3}row 4, column billing_npi: .*\[NPI-CHECK-DIGIT\]/);
    expect(report).toContain('2 claim(s) read, 1 generated, 1 rejected');
    expect(read837(readFileSync(join(dir, 'export.837'))).claims.map((c) => c.claimId)).toEqual(['CSV-1']);
  });
  it('--csv-header-map reads an export in another layout; a map naming a column the layout does not have is refused (exit 3) naming it', async () => {
    const input = join(dir, 'theirs.csv');
    writeFileSync(input, sample('two-claims.csv').replace('claim_id,', 'Patient Acct #,').replace(',procedure_code,', ',CPT,'));
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ 'Patient Acct #': 'claim_id', CPT: 'procedure_code' }));
    expect(await generateCommand(input, { partners, partner: 'demo', csvHeaderMap: map, date: '2024-06-01T09:30:00Z' })).toBe(0);
    expect(read837(readFileSync(join(dir, 'theirs.837'))).claims.map((c) => c.claimId)).toEqual(['CSV-1', 'CSV-2']);
    writeFileSync(map, JSON.stringify({ 'Patient Acct #': 'claim_id', CPT: 'procedure_cod' }));
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    expect(await generateCommand(input, { partners, partner: 'demo', csvHeaderMap: map, output: join(dir, 'typo.837'), date: '2024-06-01T09:30:00Z' })).toBe(3);
    expect(err.join('')).toMatch(/map\.json: CPT: "procedure_cod" is not a column of the CSV layout \(docs\/csv-intake\.md\); did you mean "procedure_code"\?/);
  });
});
