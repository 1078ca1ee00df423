/**
 * The results and operator reports of a posted response file that moved too many claims to load whole
 * (a large 835): the same files `buildResults` / `writeResults` / `writeReports` (outputs.ts) write, with
 * the same content, written page by page from the ledger (src/ledger/file-output-pages.ts) through
 * durable temporary files. Only the order of `claims` differs: by ledger claim id (then event) rather than
 * by event, so each page is an index range. Memory: one page (1,000 claims) at a time.
 */
import { join } from 'node:path';
import type { Ledger } from '../ledger/ledger.js';
import { claimsTouchedPage, fileOutputCounts, remittanceClaimsPage, remittancesOfFile } from '../ledger/file-output-pages.js';
import { csvRow } from '../text/csv.js';
import { prettyJsonWriter } from '../text/pretty-json.js';
import { DurableFileWriter } from './durable.js';
import { codesOf, html, REPORT_CSV_HEADER, reportPayment, reportPaymentRows, reportRemittance, type ClaimResult, type ResultsDocument } from './outputs.js';

/** Above this many claims moved, a file's results and reports are written page by page (and the webhook carries counts, not claims). */
export const STREAMED_OUTPUTS_FROM = 10_000;

const CSV = { newline: '\n' } as const;

/** Whether the file's outputs must be streamed, and its counts. */
export async function outputCounts(ledger: Ledger, fileId: string) {
  const counts = await fileOutputCounts(ledger.db, fileId);
  return { ...counts, streamed: counts.claims > STREAMED_OUTPUTS_FROM };
}

/** The webhook's document for such a file: everything but the claims (in the results file), and how many. */
export type StreamedResultsDocument = ResultsDocument & { claimsOmitted: number };

export async function writeStreamedOutputs(folders: { results: string; reports: string }, ledger: Ledger, file: { id: string; name: string; kind: string }, postedAt: string): Promise<StreamedResultsDocument> {
  const counts = await fileOutputCounts(ledger.db, file.id);
  const head = { file: file.name, fileId: file.id, kind: file.kind, postedAt };
  const files = {
    results: new DurableFileWriter(join(folders.results, `${file.name}.json`)),
    resultsCsv: new DurableFileWriter(join(folders.results, `${file.name}.csv`)),
    report: new DurableFileWriter(join(folders.reports, `${file.name}.report.json`)),
    reportCsv: new DurableFileWriter(join(folders.reports, `${file.name}.report.csv`)),
    reportHtml: new DurableFileWriter(join(folders.reports, `${file.name}.report.html`)),
  };
  try {
    const results = prettyJsonWriter((t) => files.results.write(t));
    const report = prettyJsonWriter((t) => files.report.write(t));
    for (const j of [results, report]) {
      j.beginObject();
      for (const [k, v] of Object.entries(head)) j.value(v, k);
      j.beginArray('claims');
    }
    files.resultsCsv.write(csvRow(['claimId', 'ledgerId', 'state', 'paid', 'patientResponsibility', 'payerClaimNumber', 'codes'], CSV));
    files.reportCsv.write(csvRow(REPORT_CSV_HEADER, CSV));
    files.reportHtml.write(
      `<!doctype html><html><head><meta charset="utf-8"><title>${html(file.name)}</title></head><body><h1>${html(file.kind)} ${html(file.name)}</h1><p>${counts.claims} claim(s) updated, ${counts.unmatched} unmatched.</p><table border="1"><tr><th>trace</th><th>claim</th><th>outcome</th><th>billed</th><th>paid</th><th>patient</th><th>group</th><th>reason</th><th>amount</th><th>explanation</th></tr>\n`,
    );
    let htmlRows = 0;
    const tableRow = (r: unknown[]) => {
      files.reportCsv.write(csvRow(r, CSV));
      files.reportHtml.write((htmlRows++ ? '\n' : '') + `<tr>${r.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`);
    };
    const eachClaimPage = async (use: (page: ClaimResult[]) => void) => {
      let after: { claimId: string; seq: number } | undefined;
      for (;;) {
        const page = await claimsTouchedPage(ledger.db, file.id, after);
        if (!page.length) return;
        const last = page[page.length - 1]!;
        after = { claimId: last.id, seq: last.seq };
        use(page.map((t) => ({ claimId: t.patientControlNumber, ledgerId: t.id, state: t.state, paid: t.paid, patientResponsibility: t.patientResponsibility, payerClaimNumber: t.payerClaimNumber, codes: codesOf(t.detail) })));
      }
    };
    await eachClaimPage((page) => {
      for (const c of page) {
        results.value(c);
        report.value(c);
        files.resultsCsv.write(csvRow([c.claimId, c.ledgerId, c.state, c.paid, c.patientResponsibility, c.payerClaimNumber, c.codes.join(' ')], CSV));
      }
    });
    for (const j of [results, report]) {
      j.end();
      j.value(counts.unmatched, 'unmatched');
    }
    results.end();
    files.results.write('\n');

    const remittances = file.kind === '835' ? await remittancesOfFile(ledger.db, file.id) : [];
    report.value(remittances.map(reportRemittance), 'remittances');
    report.beginArray('payments');
    let payments = 0;
    for (const d of remittances) {
      let afterId = '';
      for (;;) {
        const page = await remittanceClaimsPage(ledger.db, d.remittance.id, afterId);
        if (!page.length) break;
        afterId = page[page.length - 1]!.id;
        for (const c of page) {
          payments++;
          const p = reportPayment(d.remittance.trace_number, c);
          report.value(p);
          for (const row of reportPaymentRows(p)) tableRow(row);
        }
      }
    }
    report.end();
    report.end();
    files.report.write('\n');
    // No claim payments (not an 835): the report's table lists the claims moved, as writeReports does.
    if (!payments) await eachClaimPage((page) => page.forEach((c) => tableRow([file.kind, c.claimId, c.state, '', c.paid, c.patientResponsibility, '', '', '', c.codes.join(' ')])));
    files.reportHtml.write('</table></body></html>\n');
    for (const f of Object.values(files)) f.commit();
  } catch (err) {
    for (const f of Object.values(files)) f.abort();
    throw err;
  }
  return { ...head, claims: [], unmatched: counts.unmatched, claimsOmitted: counts.claims };
}
