/**
 * Bank deposits from a bank statement export (pure). Two formats:
 *
 *  - CSV with a header row. Default layout (docs/patient-accounts.md): `date, amount, reference` and an
 *    optional `description`; other banks' headers are mapped with `mapping` ({ date: 'Posting Date', … }).
 *    Only credits (amount > 0) are deposits; debits are skipped and counted.
 *  - BAI2 (see bai2.ts).
 *
 * Problems are values naming the file, line and column; an unknown layout is one problem that names the
 * columns expected and the ones found. Messages never quote amounts or references (they are not PHI, but
 * the same rule everywhere keeps logs simple): only column names and line numbers.
 */
import { readCsv, headerKey } from './csv-read.js';
import { cents, parseDay, parseMoney } from './money.js';

export interface BankDeposit {
  /** 1-based line (CSV) or record number (BAI2) in the file. */
  line: number;
  /** YYYY-MM-DD */ date: string;
  /** Decimal string, 2 places, > 0. */ amount: string;
  /** The bank's reference text: ACH addenda / customer reference, where a payer's TRN02 shows up. */
  reference: string;
  description: string;
}

export interface DepositProblem {
  code: 'unknown-layout' | 'bad-date' | 'bad-amount' | 'bad-record' | 'empty';
  message: string;
  position: { file?: string; line?: number; column?: string };
}

export interface DepositRead {
  deposits: BankDeposit[];
  /** Debits and zero lines, not deposits. */
  skipped: number;
  problems: DepositProblem[];
}

export const DEPOSIT_COLUMNS = ['date', 'amount', 'reference', 'description'] as const;
export type DepositColumn = (typeof DEPOSIT_COLUMNS)[number];
const REQUIRED: readonly DepositColumn[] = ['date', 'amount', 'reference'];

/** Maps our column names to the bank's header names (case and punctuation do not matter). */
export type DepositMapping = Partial<Record<DepositColumn, string>>;

export function readDepositCsv(text: string, options: { file?: string; mapping?: DepositMapping } = {}): DepositRead {
  const { header, rows } = readCsv(text);
  const file = options.file;
  if (!header.length) return { deposits: [], skipped: 0, problems: [{ code: 'empty', message: 'The file is empty: expected a header row and deposit lines.', position: { file, line: 1 } }] };
  const keys = header.map(headerKey);
  const index: Partial<Record<DepositColumn, number>> = {};
  for (const col of DEPOSIT_COLUMNS) {
    const name = headerKey(options.mapping?.[col] ?? col);
    const i = keys.indexOf(name);
    if (i >= 0) index[col] = i;
  }
  const missing = REQUIRED.filter((c) => index[c] === undefined);
  if (missing.length) {
    const expected = REQUIRED.map((c) => (options.mapping?.[c] ? `${c} (as "${options.mapping[c]}")` : c));
    return {
      deposits: [],
      skipped: 0,
      problems: [{ code: 'unknown-layout', message: `Unknown deposit CSV layout: expected the columns ${expected.join(', ')} (and optionally description); found ${header.map((h) => `"${h}"`).join(', ')}. Missing: ${missing.join(', ')}. Map the bank's headers to ours to import it.`, position: { file, line: 1 } }],
    };
  }
  const deposits: BankDeposit[] = [];
  const problems: DepositProblem[] = [];
  let skipped = 0;
  const cell = (cells: string[], c: DepositColumn) => (index[c] === undefined ? '' : (cells[index[c]!] ?? '').trim());
  for (const { line, cells } of rows) {
    const date = parseDay(cell(cells, 'date'));
    const amount = parseMoney(cell(cells, 'amount'));
    if (!date) problems.push({ code: 'bad-date', message: 'The date is not YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD.', position: { file, line, column: options.mapping?.date ?? 'date' } });
    if (!amount) problems.push({ code: 'bad-amount', message: 'The amount is not a money amount (e.g. 1234.56).', position: { file, line, column: options.mapping?.amount ?? 'amount' } });
    if (!date || !amount) continue;
    if (!amount.isPositive() || amount.isZero()) {
      skipped++;
      continue;
    }
    deposits.push({ line, date, amount: cents(amount), reference: cell(cells, 'reference'), description: cell(cells, 'description') });
  }
  return { deposits, skipped, problems };
}
