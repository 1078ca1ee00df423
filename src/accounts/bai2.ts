/**
 * A reader for the part of BAI2 (Cash Management Balance Reporting Specification, version 2) that deposit
 * reassociation needs (pure):
 *
 *   01 file header · 02 group header (field 4: as-of date YYMMDD) · 03 account identifier · 16 transaction
 *   detail · 88 continuation (continues the record before it) · 49 account trailer · 98 group trailer ·
 *   99 file trailer.
 *
 * `16,type code,amount,funds type,[funds detail],bank reference,customer reference,text/` — amount in
 * cents without a decimal point; funds type 0/1/2/Z have no detail, S has three fields, V two (date, time),
 * D a count and that many pairs. Type codes 100–399 are credits (deposits); 400–699 debits (skipped).
 * The reference we match on is the customer reference and the text (where banks put the ACH addenda,
 * TRN*1*<trace>*…). Records end with "/"; the text field of a 16 is the rest of the record (it may hold
 * commas).
 */
import { Decimal } from 'decimal.js';
import { cents } from './money.js';
import type { BankDeposit, DepositProblem, DepositRead } from './deposit-file.js';

interface LogicalRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  code: string;
  body: string;
}

function logicalRecords(text: string): LogicalRecord[] {
  const out: LogicalRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  lines.forEach((raw, i) => {
    const s = raw.trim();
    if (!s) return;
    const code = s.slice(0, 2);
    const rest = s.slice(3);
    if (code === '88' && out.length) {
      // a continuation: the previous record goes on (its "/" terminator, if any, moves to the end)
      const prev = out[out.length - 1];
      prev.body = `${prev.body.replace(/\/$/, '')},${rest}`;
      return;
    }
    out.push({ line: i + 1, code, body: rest });
  });
  return out;
}

const strip = (s: string) => s.replace(/\/\s*$/, '');

function yymmdd(raw: string): string | undefined {
  if (!/^\d{6}$/.test(raw)) return undefined;
  const y = Number(raw.slice(0, 2));
  const iso = `${y < 70 ? 2000 + y : 1900 + y}-${raw.slice(2, 4)}-${raw.slice(4, 6)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

export function readBai2(text: string, options: { file?: string } = {}): DepositRead {
  const file = options.file;
  const records = logicalRecords(text);
  const problems: DepositProblem[] = [];
  const deposits: BankDeposit[] = [];
  let skipped = 0;
  if (!records.length || records[0].code !== '01') return { deposits, skipped, problems: [{ code: 'bad-record', message: 'Not a BAI2 file: the first record is not a 01 file header.', position: { file, line: 1 } }] };
  let asOf: string | undefined;
  for (const r of records) {
    if (r.code === '02') {
      const f = strip(r.body).split(',');
      asOf = yymmdd(f[3] ?? '');
      if (!asOf) problems.push({ code: 'bad-date', message: 'The 02 group header has no valid as-of date (field 4, YYMMDD).', position: { file, line: r.line, column: '02-4' } });
      continue;
    }
    if (r.code !== '16') continue;
    const f = r.body.split(',');
    const type = Number(f[0]);
    const amountRaw = f[1] ?? '';
    let i = 3; // after funds type (f[2])
    const funds = (f[2] ?? '').toUpperCase();
    if (funds === 'S') i += 3;
    else if (funds === 'V') i += 2;
    else if (funds === 'D') i += 1 + 2 * Number(f[3] ?? 0);
    const bankRef = f[i] ?? '';
    const customerRef = f[i + 1] ?? '';
    const textField = strip(f.slice(i + 2).join(','));
    if (!Number.isInteger(type) || !/^\d+$/.test(amountRaw)) {
      problems.push({ code: !/^\d+$/.test(amountRaw) ? 'bad-amount' : 'bad-record', message: 'A 16 record needs a numeric type code and an amount in cents.', position: { file, line: r.line, column: '16-2' } });
      continue;
    }
    const amount = new Decimal(amountRaw).dividedBy(100);
    if (type < 100 || type > 399 || amount.isZero()) {
      skipped++;
      continue;
    }
    if (!asOf) continue; // reported at the 02
    deposits.push({ line: r.line, date: asOf, amount: cents(amount), reference: [strip(customerRef), textField].filter(Boolean).join(' ').trim(), description: `BAI2 ${type}${bankRef ? ` ${strip(bankRef)}` : ''}` });
  }
  return { deposits, skipped, problems };
}

/** BAI2 or CSV, by the first record ("01,"). */
export const looksLikeBai2 = (text: string) => /^\uFEFF?\s*01,/.test(text);
