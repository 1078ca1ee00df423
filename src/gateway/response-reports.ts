/**
 * The responses issue's reports for each posted file, written beside the gateway's own:
 *  - 835: remittance HTML / CSV / JSON (src/remits/report.ts);
 *  - 277CA / 277: claim status HTML / CSV (src/acks/report.ts);
 *  - 999 / TA1: acknowledgment HTML / CSV, with each 999 error mapped back to the claim in the 837 we
 *    sent (src/acks/map-to-837.ts; the 837 bytes come from the ledger).
 * These files can hold patient names (they are for billers): written 0600, never logged.
 */
import { join } from 'node:path';
import { index837, mapAcknowledgmentTo837, want837Segments, type Index837, type MappedError, type Wanted837 } from '../acks/map-to-837.js';
import { acknowledgmentReportStream } from '../acks/ack-report-stream.js';
import type { Acknowledgment999 } from '../acks/model.js';
import { AcknowledgmentCollector, readAcknowledgments, readInterchangeAcknowledgments } from '../acks/read-999.js';
import { createReadStream } from 'node:fs';
import { X12Reader } from '../guides/reader.js';
import { readClaimStatuses } from '../acks/read-277.js';
import { acknowledgmentCsv, acknowledgmentCsvWriter, acknowledgmentHtml, acknowledgmentHtmlWriter, claimStatusCsv, claimStatusCsvWriter, claimStatusHtml, claimStatusHtmlWriter, type AcknowledgmentReportWriter, type ClaimStatusReportWriter } from '../acks/report.js';
import type { Ledger } from '../ledger/ledger.js';
import { readRemittances } from '../remits/read-remittances.js';
import { remittanceCsv, remittanceCsvWriter, remittanceHtml, remittanceHtmlWriter, remittanceJson, remittanceJsonWriter, type RemittanceReportWriter } from '../remits/report.js';
import { DurableFileWriter, writeDurable } from './durable.js';

export async function writeResponseReports(folder: string, ledger: Ledger, file: { name: string; kind: string; partnerId: string }, bytes: Buffer): Promise<string[]> {
  const base = join(folder, file.name);
  const written: string[] = [];
  const put = (suffix: string, text: string) => {
    writeDurable(base + suffix, text);
    written.push(base + suffix);
  };
  if (file.kind === '835') {
    const { remittances } = readRemittances(bytes, { file: file.name });
    put('.remittance.html', remittanceHtml(remittances, { title: `Remittance ${file.name}` }));
    put('.remittance.csv', remittanceCsv(remittances));
    put('.remittance.json', remittanceJson(remittances));
  } else if (file.kind === '277CA' || file.kind === '277') {
    const { responses } = readClaimStatuses(bytes, { file: file.name });
    put('.status.html', claimStatusHtml(responses, { title: `Claim status ${file.name}` }));
    put('.status.csv', claimStatusCsv(responses));
  } else if (file.kind === '999' || file.kind === 'TA1') {
    const { acks, ta1 } = readAcknowledgments(bytes, { file: file.name });
    const mapped = new Map<Acknowledgment999, MappedError[]>();
    for (const a of acks) {
      const sent = await sent837For(ledger, file.partnerId, a.acknowledgedGroup.controlNumber);
      if (sent) mapped.set(a, mapAcknowledgmentTo837(a, index837(sent)));
    }
    put('.ack.html', acknowledgmentHtml(acks, ta1, { title: `Acknowledgment ${file.name}`, mapped }));
    put('.ack.csv', acknowledgmentCsv(acks, ta1));
  }
  return written;
}

/** The 837 we sent with functional group GS06 = `groupControl` to this partner. */
async function sent837For(ledger: Ledger, partnerId: string, groupControl: string): Promise<string | undefined> {
  const row = await ledger.db
    .selectFrom('groups')
    .innerJoin('interchanges', 'interchanges.id', 'groups.interchange_id')
    .innerJoin('files', 'files.id', 'interchanges.file_id')
    .select(['files.content as content'])
    .where('groups.partner_id', '=', partnerId)
    .where('groups.control_number', '=', Number(groupControl))
    .executeTakeFirst();
  return row?.content ?? undefined;
}

/**
 * An 835's remittance reports (the same three files `writeResponseReports` writes) written while the file
 * is read claim by claim (src/gateway/remittance-stream.ts): `writers` go to the reader, `commit()` ends
 * them and puts the files in place durably, `abort()` drops them. The JSON report (~14 times the 835) is
 * left out when `json` is false (large files; `x12gw report --format json` makes it on demand).
 */
export function streamedRemittanceReports(folder: string, name: string, options: { json: boolean }): { writers: RemittanceReportWriter[]; commit(): string[]; abort(): void } {
  const base = join(folder, name);
  const files: DurableFileWriter[] = [];
  const writers: RemittanceReportWriter[] = [];
  const open = (suffix: string, make: (emit: (text: string) => void) => RemittanceReportWriter) => {
    const f = new DurableFileWriter(base + suffix);
    files.push(f);
    writers.push(make((text) => f.write(text)));
  };
  open('.remittance.html', (emit) => remittanceHtmlWriter(emit, { title: `Remittance ${name}` }));
  open('.remittance.csv', remittanceCsvWriter);
  if (options.json) open('.remittance.json', remittanceJsonWriter);
  return streamedReportFiles(files, writers);
}

/** Report writers over durable temporary files: `commit` ends the writers and puts the files in place, `abort` removes them. */
function streamedReportFiles<W extends { end(): void }>(files: DurableFileWriter[], writers: W[]): { writers: W[]; commit(): string[]; abort(): void } {
  return {
    writers,
    commit() {
      for (const w of writers) w.end();
      for (const f of files) f.commit();
      return files.map((f) => f.path);
    },
    abort() {
      for (const f of files) f.abort();
    },
  };
}

/**
 * A 277CA's claim status reports (the `.status.html` / `.status.csv` that `writeResponseReports` writes)
 * written while the file is read claim by claim (src/gateway/claim-status-stream.ts): same shape as
 * `streamedRemittanceReports`; byte-identical to the whole ones (test/property/claim-status-stream.property.test.ts).
 */
export function streamedClaimStatusReports(folder: string, name: string): { writers: ClaimStatusReportWriter[]; commit(): string[]; abort(): void } {
  const base = join(folder, name);
  const html = new DurableFileWriter(base + '.status.html');
  const csv = new DurableFileWriter(base + '.status.csv');
  const files = [html, csv];
  const writers = [claimStatusHtmlWriter((text) => html.write(text), { title: `Claim status ${name}` }), claimStatusCsvWriter((text) => csv.write(text))];
  return streamedReportFiles(files, writers);
}

/**
 * A 999 / TA1 file's `.ack.html` / `.ack.csv` (the ones `writeResponseReports` writes) from the file, in
 * two reads: the 999s' summaries and the TA1s first, then each 999's transaction sets one AK2 loop at a
 * time through the acknowledgment writers, its errors mapped to the 837 we sent (from the ledger). The
 * file is never held; the mapped errors of one 999 are, and of the sent 837 only the segments its errors
 * name are indexed (one transaction set's tree at a time; none when it names none).
 */
export async function writeAcknowledgmentReports(folder: string, ledger: Ledger, file: { name: string; partnerId: string }, path: string): Promise<string[]> {
  // The first read also notes which segments of the sent 837s the 999s' errors name: only those are indexed.
  const wanted: Wanted837[] = [];
  const first = new AcknowledgmentCollector({ keepTransactions: false, onTransactionAck: (t, i) => want837Segments((wanted[i] ??= new Map()), t) });
  const summaryReader = new X12Reader({ file: file.name, units: AcknowledgmentCollector.units, onUnit: (u, p, c) => first.onUnit(u, p, c), onTransaction: (r, c) => first.onTransaction(r, c) });
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) summaryReader.push(chunk as Buffer);
  const ta1 = readInterchangeAcknowledgments(summaryReader.end());
  const summaries = first.acks;
  const indexes: Array<Index837 | undefined> = [];
  for (const a of summaries) {
    const sent = await sent837For(ledger, file.partnerId, a.acknowledgedGroup.controlNumber);
    indexes.push(sent ? (wanted[indexes.length]?.size ? index837(sent, wanted[indexes.length]) : new Map()) : undefined);
  }
  const base = join(folder, file.name);
  const html = new DurableFileWriter(base + '.ack.html');
  const csv = new DurableFileWriter(base + '.ack.csv');
  try {
    const writers: AcknowledgmentReportWriter[] = [acknowledgmentHtmlWriter((t) => html.write(t), ta1, { title: `Acknowledgment ${file.name}` }), acknowledgmentCsvWriter((t) => csv.write(t), ta1)];
    const stream = acknowledgmentReportStream({ file: file.name, summaries, writers, indexOf: (i) => indexes[i] });
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) stream.push(chunk as Buffer);
    stream.end();
    html.commit();
    csv.commit();
    return [html.path, csv.path];
  } finally {
    html.abort();
    csv.abort();
  }
}
