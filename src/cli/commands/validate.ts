/** `x12gw validate FILE…`: exit 0 when every file is valid, 1 when any is invalid, 2 when any cannot be read. */
import { X12Reader, isValid, type ReadReport } from '../../guides/reader.js';
import { DEFAULT_UNITS } from '../../guides/units.js';
import { RemittanceCollector } from '../../remits/read-remittances.js';
import { checkInbound837Unit } from '../../claims/read/claim-balance.js';
import { formatReport } from '../format-report.js';
import { readChunks, UnreadableFileError } from '../io.js';
import { basename } from 'node:path';

/**
 * Reads and validates a file: guide checks for every transaction set, plus the transaction-level checks
 * that need the data (835 balancing, SNIP 3; 837 claim total = sum of lines, SNIP 3). Trees are built one unit loop at a time and dropped, so
 * memory stays flat whatever the size.
 */
export async function readFile(file: string, options: { structureOnly?: boolean } = {}): Promise<ReadReport> {
  const remittances = new RemittanceCollector({ keepClaims: false, file: basename(file) });
  const reader = new X12Reader({
    file: basename(file),
    structureOnly: options.structureOnly,
    units: DEFAULT_UNITS,
    onUnit: (unit, path, ctx) => {
      remittances.onUnit(unit, path, ctx);
      checkInbound837Unit(unit, path, ctx);
    },
    onTransaction: (root, ctx) => remittances.onTransaction(root, ctx),
  });
  for await (const chunk of readChunks(file, `validating ${basename(file)}`)) reader.push(chunk);
  return reader.end();
}

export async function validateCommand(files: string[], opts: { json?: boolean }): Promise<number> {
  let exit = 0;
  const reports: unknown[] = [];
  for (const file of files) {
    try {
      const report = await readFile(file);
      const valid = isValid(report);
      if (!valid) exit = Math.max(exit, report.interchanges.length === 0 ? 2 : 1);
      if (opts.json) reports.push({ valid, ...report });
      else process.stdout.write(formatReport(report));
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      exit = 2;
      if (opts.json) reports.push({ file, valid: false, error: err.message });
      else process.stderr.write(err.message + '\n');
    }
  }
  if (opts.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
  return exit;
}
