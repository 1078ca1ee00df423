/**
 * The one CSV writer of the project (reports, results files, exports): RFC 4180 quoting and cells that
 * cannot run as spreadsheet formulas.
 *
 * It lives in `src/text/` (output text formats that know nothing of X12, claims or the ledger) because
 * every layer writes CSV — remits and acks reports, the gateway's results files, the API's exports — and
 * a module that imports nothing of ours can be used by all of them without a dependency pointing up.
 *
 * Formula injection (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return may be run as a formula by Excel / LibreOffice / Sheets (`=1+2+cmd|calc!A0`). Such a cell gets a
 * leading single quote, so it is shown as text (and is quoted as any cell when it holds a comma, quote or
 * line break, so it cannot spill into the next cell). Plain numbers (`-20.00`, a reversal
 * amount) are left alone: they are numbers, not formulas, and billers sum them.
 */

/** A cell a spreadsheet would read as a formula (or a DDE call). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number such as -20.00 or +3 — data, never a formula. */
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A cell that is written as it is: it does not start like a formula and holds no comma, quote or line
 * break (the usual case: one pass over its characters instead of three regular expressions).
 */
function isPlainCell(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  const first = s.charCodeAt(0);
  // = + - @ tab CR: FORMULA_START (a plain number starting with - or + takes the full route).
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // " , CR LF: NEEDS_QUOTES
    if (c === 34 || c === 44 || c === 13 || c === 10) return false;
  }
  return true;
}

/** One cell: formula starts neutralised, quoted when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (isPlainCell(s)) return s;
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface CsvOptions {
  /** Record separator: CRLF by default (RFC 4180); "\n" where a consumer already relies on it. */
  newline?: '\r\n' | '\n';
}

/** Cells joined by commas (part of a record: no line ending). */
export function csvCells(values: readonly unknown[]): string {
  let out = '';
  for (let k = 0; k < values.length; k++) out += k === 0 ? csvField(values[k]) : ',' + csvField(values[k]);
  return out;
}

/** One record, with its line ending. */
export function csvRow(values: readonly unknown[], options: CsvOptions = {}): string {
  return csvCells(values) + (options.newline ?? '\r\n');
}

/** Records one at a time (header first), for writers that stream. */
export function* csvLines(header: readonly string[], rows: Iterable<readonly unknown[]>, options: CsvOptions = {}): Generator<string> {
  yield csvRow(header, options);
  for (const r of rows) yield csvRow(r, options);
}

/** A whole CSV document. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>, options: CsvOptions = {}): string {
  let out = '';
  for (const line of csvLines(header, rows, options)) out += line;
  return out;
}
