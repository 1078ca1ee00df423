/**
 * A small RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line breaks and
 * doubled quotes (""), records end in CRLF or LF, a UTF-8 byte-order mark is skipped. Pure; the whole text
 * is in memory (practice exports are small). An unterminated quote is reported with the row it starts on.
 */
export interface CsvRecord {
  /** 1-based row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  fields: string[];
}

export interface CsvReadResult {
  records: CsvRecord[];
  problems: Array<{ row: number; message: string; fix: string }>;
}

export function readCsv(text: string): CsvReadResult {
  const records: CsvRecord[] = [];
  const problems: CsvReadResult['problems'] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let row = 1;
  let quoted = false;
  let quoteStartRow = 0;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ row, fields });
    fields = [];
    field = '';
    row++;
  };
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteStartRow = row;
      i++;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\r' && s[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) problems.push({ row: quoteStartRow, message: 'A quoted field is never closed, so the rest of the file is one field.', fix: 'Close the quote ("), and write a quote inside a quoted field as two quotes ("").' });
  else if (field !== '' || fields.length > 0) endRecord();
  return { records, problems };
}
