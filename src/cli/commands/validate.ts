/** `x12gw validate FILE…`: exit 0 when every file is valid, 1 when any is invalid, 2 when any cannot be read. */
import { X12Reader, isValid, type ReadReport } from '../../guides/reader.js';
import { formatReport } from '../format-report.js';
import { readChunks, UnreadableFileError } from '../io.js';
import { basename } from 'node:path';

export async function readFile(file: string, options: { structureOnly?: boolean } = {}): Promise<ReadReport> {
  const reader = new X12Reader({ file: basename(file), structureOnly: options.structureOnly, buildTree: false });
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
