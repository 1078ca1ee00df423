/**
 * `x12gw report FILE [--format html|csv|json] [-o OUT] [--claims 837FILE]`: a report a biller can read for
 * an 835 (remittance), a 277CA / 277 (claim status) or a 999 / TA1 (acknowledgment). The file is read
 * claim by claim; with `--claims`, 999 errors are mapped to the claims (CLM01) and fields of that 837.
 * Exit 0: report written and the file is clean; 1: report written but the data has problems (an 835
 * that does not balance, errors in the file, rejected claims or transaction sets); 2: unreadable, not
 * X12, or no response transaction in it; 3: bad usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { X12Reader, allFindings } from '../../guides/reader.js';
import { RemittanceCollector } from '../../remits/read-remittances.js';
import { remittanceCsv, remittanceHtml, remittanceJson } from '../../remits/report.js';
import { ClaimStatusCollector } from '../../acks/read-277.js';
import { AcknowledgmentCollector, readInterchangeAcknowledgments } from '../../acks/read-999.js';
import { acknowledgmentCsv, acknowledgmentHtml, claimStatusCsv, claimStatusHtml } from '../../acks/report.js';
import { index837, mapAcknowledgmentTo837, type MappedError } from '../../acks/map-to-837.js';
import type { Acknowledgment999 } from '../../acks/model.js';
import { readChunks, UnreadableFileError } from '../io.js';

export interface ReportCommandOptions {
  format?: string;
  output?: string;
  claims?: string;
}

const FORMATS = new Set(['html', 'csv', 'json']);

export async function reportCommand(file: string, opts: ReportCommandOptions): Promise<number> {
  const format = (opts.format ?? 'html').toLowerCase();
  if (!FORMATS.has(format)) {
    process.stderr.write(`x12gw report: unknown format "${opts.format}" (use html, csv or json)\n`);
    return 3;
  }
  const remits = new RemittanceCollector({ file: basename(file) });
  const statuses = new ClaimStatusCollector();
  const acks = new AcknowledgmentCollector();
  const collectors = [remits, statuses, acks];
  const reader = new X12Reader({
    file: basename(file),
    units: { ...RemittanceCollector.units, ...ClaimStatusCollector.units, ...AcknowledgmentCollector.units },
    onUnit: (u, p, c) => collectors.forEach((x) => x.onUnit(u, p, c)),
    onTransaction: (r, c) => collectors.forEach((x) => x.onTransaction(r, c)),
  });
  try {
    for await (const chunk of readChunks(file, `reading ${basename(file)}`)) reader.push(chunk);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    process.stderr.write(err.message + '\n');
    return 2;
  }
  const report = reader.end();
  const ta1 = readInterchangeAcknowledgments(report);
  const title = `${basename(file)}`;
  let text: string;
  let problems = allFindings(report).some((f) => f.severity === 'error');
  if (remits.remittances.length) {
    const r = remits.remittances;
    problems ||= r.some((x) => !x.balance.balanced);
    text = format === 'html' ? remittanceHtml(r, { title: `Remittance report — ${title}` }) : format === 'csv' ? remittanceCsv(r) : remittanceJson(r);
  } else if (statuses.responses.length) {
    const r = statuses.responses;
    problems ||= r.some((x) => x.claims.some((c) => c.verdict === 'rejected'));
    text = format === 'html' ? claimStatusHtml(r, { title: `Claim status report — ${title}` }) : format === 'csv' ? claimStatusCsv(r) : JSON.stringify(r, null, 2) + '\n';
  } else if (acks.acks.length || ta1.length) {
    problems ||= acks.acks.some((a) => a.transactions.some((t) => !t.accepted)) || ta1.some((t) => !t.accepted);
    const mapped = new Map<Acknowledgment999, MappedError[]>();
    if (opts.claims) {
      let source: Buffer;
      try {
        source = readFileSync(opts.claims);
      } catch (err) {
        process.stderr.write(`${opts.claims}: cannot read: ${(err as Error).message}\n`);
        return 2;
      }
      const index = index837(source);
      for (const a of acks.acks) mapped.set(a, mapAcknowledgmentTo837(a, index));
    }
    text =
      format === 'html'
        ? acknowledgmentHtml(acks.acks, ta1, { title: `Acknowledgment report — ${title}`, mapped })
        : format === 'csv'
          ? acknowledgmentCsv(acks.acks, ta1)
          : JSON.stringify({ ta1, acknowledgments: acks.acks.map((a) => (mapped.has(a) ? { ...a, claimsHit: mapped.get(a) } : a)) }, null, 2) + '\n';
  } else {
    process.stderr.write(`${file}: no 835, 277CA / 277, 999 or TA1 could be read from this file${report.interchanges.length ? '' : ' (not X12?)'}\n`);
    return 2;
  }
  const kinds = [remits.remittances.length, statuses.responses.length, acks.acks.length + ta1.length].filter((n) => n > 0).length;
  if (kinds > 1) process.stderr.write(`${file}: holds several kinds of responses; this report covers the first kind found (835, then 277, then 999/TA1)\n`);
  if (opts.output) writeFileSync(opts.output, text, { mode: 0o600 });
  else process.stdout.write(text);
  return problems ? 1 : 0;
}
