/**
 * A small RFC 4180 reader for the bank-statement and patient-payment imports: quoted fields, doubled
 * quotes, CRLF or LF, a header row. Pure; rows keep their 1-based line number so errors can name it.
 */
export interface CsvTable {
  header: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

export function readCsv(text: string): CsvTable {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cell), (cell = '');
    else if (ch === '\r' && s[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') {
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) records.push({ line: startLine, cells });
      cells = [];
      cell = '';
      line++;
      startLine = line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) records.push({ line: startLine, cells });
  const [head, ...rows] = records;
  return { header: (head?.cells ?? []).map((h) => h.trim()), rows };
}

/** The canonical form of a header for matching: lower case, letters and digits only ("Posting Date" → "postingdate"). */
export const headerKey = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
