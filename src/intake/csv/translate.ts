/**
 * CSV exports → claims of our claim model. Pure: text in, `{ claims, problems }` out. One row per service
 * line; the claim's columns repeat on each of its rows and rows are joined by claim_id (layout.ts and
 * docs/csv-intake.md). Every problem names its row (as a spreadsheet numbers it, the header being row 1)
 * and column. A claim with a problem is left out; the other claims of the file are still translated.
 * Each claim carries `origins`: the row and column every model field came from, so the model's and the
 * scrubber's findings can be reported by row and column too.
 */
import { Decimal } from 'decimal.js';
import { CSV_COLUMNS, type Column } from './layout.js';
import { readCsv } from './rfc4180.js';

export interface CsvProblem {
  /** Spreadsheet row (header = 1); 0 for the file as a whole. */
  row: number;
  column?: string;
  message: string;
  fix: string;
  claimId?: string;
}

export interface CsvClaim {
  claim: Record<string, unknown>;
  /** Rows of the claim. */
  rows: number[];
  /** JSON path of a model field ("$.lines[0].charge") → where it came from. */
  origins: Record<string, { row: number; column: string }>;
  /** Warnings about the file that concern this claim too (a column the layout does not know). */
  warnings: CsvProblem[];
}

export interface CsvResult {
  claims: CsvClaim[];
  problems: CsvProblem[];
}

export interface CsvOptions {
  /** Their header → our column name, for exports with other headers ({ "Patient Acct #": "claim_id" }). Case and spaces at the ends are ignored. */
  headerMap?: Readonly<Record<string, string>>;
}

const BY_NAME = new Map(CSV_COLUMNS.map((c) => [c.name, c]));
const norm = (h: string) => h.trim().toLowerCase();

/** A value as the model wants it, or an error message. */
function read(column: Column, raw: string): { value?: unknown; error?: { message: string; fix: string } } {
  const v = raw.trim();
  switch (column.type) {
    case 'amount': {
      const plain = v.replace(/^\$/, '').replaceAll(',', '');
      if (!/^-?\d{1,15}(\.\d{1,2})?$/.test(plain)) return { error: { message: 'The amount is not a number with at most two decimals.', fix: 'Write it as 95.50 (a $ sign and thousands commas are allowed).' } };
      return { value: new Decimal(plain).toFixed() };
    }
    case 'quantity':
      if (!/^\d{1,12}(\.\d{1,3})?$/.test(v)) return { error: { message: 'The quantity is not a number.', fix: 'Write it as 1 or 2.5.' } };
      return { value: v };
    case 'date': {
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return { value: v };
      const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
      if (us) return { value: `${us[3]}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}` };
      return { error: { message: 'The date is not written YYYY-MM-DD or MM/DD/YYYY.', fix: 'Write the date as 2024-03-15 or 03/15/2024.' } };
    }
    case 'list':
      return { value: v.split(/[;:|]/).map((x) => x.trim()).filter(Boolean).map((x) => (column.name === 'diagnoses' ? x.replaceAll('.', '') : x)) };
    case 'pointers': {
      const parts = v.split(/[;:|,]/).map((x) => x.trim()).filter(Boolean);
      if (parts.some((p) => !/^\d+$/.test(p))) return { error: { message: 'The diagnosis pointers are not numbers.', fix: 'Write the positions in the diagnoses column, separated by ";" (1;2).' } };
      return { value: parts.map(Number) };
    }
    default:
      if (column.name === 'billing_tax_id' || column.name === 'ndc' || column.path.endsWith('postalCode')) return { value: v.replaceAll('-', '') };
      return { value: v };
  }
}

/**
 * The secondary_* columns → one `otherPayers` entry not yet billed (further coverage, docs/claim-model.md),
 * with its origins moved to the model's paths so a problem still names the row and column.
 */
function furtherCoverage(claim: Record<string, unknown>, origins: CsvClaim['origins']): void {
  const s = claim.secondary as { payer?: Record<string, unknown>; subscriber?: { name?: Record<string, unknown>; memberId?: string }; relationship?: string; groupNumber?: string; claimFilingIndicator?: string } | undefined;
  delete claim.secondary;
  if (!s) return;
  const relationship = s.relationship ?? '18';
  const subscriber = claim.subscriber as { name?: Record<string, unknown> } | undefined;
  claim.otherPayers = [
    {
      responsibility: 'secondary',
      relationship,
      ...(s.groupNumber ? { groupNumber: s.groupNumber } : {}),
      claimFilingIndicator: s.claimFilingIndicator ?? 'CI',
      subscriber: { name: s.subscriber?.name ?? (relationship === '18' ? subscriber?.name : undefined), memberId: s.subscriber?.memberId },
      payer: s.payer ?? {},
    },
  ];
  for (const key of Object.keys(origins)) {
    if (!key.startsWith('$.secondary.')) continue;
    origins[key.replace('$.secondary.', '$.otherPayers[0].')] = origins[key];
    delete origins[key];
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = target;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]] = value;
}

export function claimsFromCsv(text: string, options: CsvOptions = {}): CsvResult {
  const { records, problems: readProblems } = readCsv(text);
  const problems: CsvProblem[] = readProblems.map((p) => ({ row: p.row, message: p.message, fix: p.fix }));
  if (records.length === 0) return { claims: [], problems: [...problems, { row: 0, message: 'The file has no header row.', fix: 'Start the file with the header row (docs/csv-intake.md lists the columns).' }] };

  // Header: our names, or theirs through the header map.
  const map = new Map(Object.entries(options.headerMap ?? {}).map(([k, v]) => [norm(k), v]));
  const header = records[0].fields.map((h) => map.get(norm(h)) ?? norm(h));
  const columns: Array<Column | undefined> = header.map((h) => BY_NAME.get(h));
  const headerWarnings: CsvProblem[] = [];
  header.forEach((h, i) => {
    if (!columns[i] && h !== '') headerWarnings.push({ row: 1, column: records[0].fields[i], message: 'The column is not one the layout knows; its values are not read.', fix: 'Rename it to a column of the layout, map it with a header map, or remove it.' });
  });
  const missing = CSV_COLUMNS.filter((c) => c.required && !header.includes(c.name));
  for (const m of missing) problems.push({ row: 1, column: m.name, message: `The required column "${m.name}" is missing, so no claim can be read.`, fix: `Add the column "${m.name}" (${m.description}), or map the export's column to it with a header map.` });
  if (missing.length > 0) return { claims: [], problems };

  // Rows grouped by claim id, in the order claims first appear.
  const idColumn = header.indexOf('claim_id');
  const groups = new Map<string, typeof records>();
  for (const r of records.slice(1)) {
    const id = (r.fields[idColumn] ?? '').trim();
    if (!id) {
      problems.push({ row: r.row, column: 'claim_id', message: 'The row has no claim id.', fix: 'Give every row the claim id of the claim its service line belongs to.' });
      continue;
    }
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }

  const claims: CsvClaim[] = [];
  for (const [claimId, rows] of groups) {
    const own: CsvProblem[] = [];
    const claim: Record<string, unknown> = {};
    const origins: CsvClaim['origins'] = {};
    const lines: Array<Record<string, unknown>> = [];
    const claimValues = new Map<string, { raw: string; row: number }>();
    rows.forEach((r, lineIndex) => {
      if (r.fields.length !== header.length) own.push({ row: r.row, message: `The row has ${r.fields.length} fields where the header has ${header.length}.`, fix: 'Check the commas of the row; quote values that hold a comma ("SUITE 5, FLOOR 2").' });
      const line: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        if (!column) return;
        const raw = (r.fields[i] ?? '').trim();
        if (column.level === 'claim') {
          const first = claimValues.get(column.name);
          if (first && first.raw !== raw) own.push({ row: r.row, column: column.name, message: `The value differs from row ${first.row} of the same claim; claim columns must repeat the same value on every row of a claim.`, fix: 'Write the same value on every row of the claim (or give the rows different claim ids).' });
          if (first) return;
          claimValues.set(column.name, { raw, row: r.row });
        }
        if (raw === '') return;
        const { value, error } = read(column, raw);
        if (error) return void own.push({ row: r.row, column: column.name, ...error });
        if (column.level === 'claim') {
          setPath(claim, column.path, value);
          origins[`$.${column.path}`] = { row: r.row, column: column.name };
        } else {
          setPath(line, column.path, value);
          origins[`$.lines[${lineIndex}].${column.path}`] = { row: r.row, column: column.name };
        }
      });
      lines.push(line);
    });

    const kind = (claim.kind as string | undefined) ?? 'professional';
    if (kind !== 'professional' && kind !== 'institutional') own.push({ row: rows[0].row, column: 'kind', message: 'The kind is neither professional nor institutional.', fix: 'Write professional or institutional (or leave it blank for professional).' });
    claim.kind = kind;
    if (claim.billingProvider) (claim.billingProvider as Record<string, unknown>).entity = 'organization';
    for (const role of ['renderingProvider', 'referringProvider'] as const) if (claim[role]) (claim[role] as Record<string, unknown>).entity = 'person';
    furtherCoverage(claim, origins);
    const patient = claim.patient as Record<string, unknown> | undefined;
    if (patient && (patient.relationship === '18' || patient.relationship === undefined) && Object.keys(patient).length <= 1) delete claim.patient;
    for (const line of lines) {
      line.units ??= '1';
      if (line.drug) {
        const drug = line.drug as Record<string, unknown>;
        drug.quantity ??= line.units;
        drug.unit ??= 'UN';
      }
      if (kind === 'professional' && line.placeOfService === claim.placeOfService) delete line.placeOfService;
    }
    claim.lines = lines;
    claim.totalCharge ??= lines.reduce((a, l) => (typeof l.charge === 'string' ? a.plus(l.charge) : a), new Decimal(0)).toFixed();
    problems.push(...own.map((p) => ({ ...p, claimId })));
    if (own.length === 0) claims.push({ claim, rows: rows.map((r) => r.row), origins, warnings: headerWarnings });
  }
  return { claims, problems };
}
