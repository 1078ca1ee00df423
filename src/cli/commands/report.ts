/**
 * `x12gw report FILE [--format html|csv|json] [-o OUT] [--claims 837FILE]`: a report a biller can read for
 * an 835 (remittance), a 277CA / 277 (claim status) or a 999 / TA1 (acknowledgment). The file is read
 * claim by claim and an 835 report is written as it is read (flat memory whatever the size; the HTML
 * lists the first 1,000 claims of each payment in full and counts the rest); with `--claims`, 999 errors
 * are mapped to the claims (CLM01) and fields of that 837. With `-o FILE` the file is created 0600 (it
 * holds PHI) and its name is printed on stderr.
 * Exit 0: report written and the file is clean; 1: report written but the data has problems (an 835
 * that does not balance, errors in the file, rejected claims or transaction sets); 2: unreadable, not
 * X12, or no response transaction in it; 3: bad usage.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { X12Reader, allFindings } from '../../guides/reader.js';
import { RemittanceCollector } from '../../remits/read-remittances.js';
import { remittanceCsvWriter, remittanceHtmlWriter, remittanceJsonWriter, type RemittanceReportWriter } from '../../remits/report.js';
import { ClaimStatusCollector } from '../../acks/read-277.js';
import { AcknowledgmentCollector, readInterchangeAcknowledgments } from '../../acks/read-999.js';
import { acknowledgmentCsvWriter, acknowledgmentHtmlWriter, acknowledgmentJsonWriter, claimStatusCsvWriter, claimStatusHtmlWriter, claimStatusJsonWriter, type AcknowledgmentReportWriter, type ClaimStatusReportWriter } from '../../acks/report.js';
import { Index837Reader, want837Segments, type Index837, type Wanted837 } from '../../acks/map-to-837.js';
import { acknowledgmentReportStream } from '../../acks/ack-report-stream.js';
import type { Acknowledgment999 } from '../../acks/model.js';
import { readChunks, UnreadableFileError } from '../io.js';
import { openOutput, type Output } from '../output.js';

export interface ReportCommandOptions {
  format?: string;
  output?: string;
  claims?: string;
}

const FORMATS = new Set(['html', 'csv', 'json']);
/**
 * Input read 64 KiB at a time: the report text of one chunk (JSON: ~19 times its size) is what may wait for
 * the reader, and it lives until the reader drains it. At 256 KiB that was ~5 MB of strings per chunk that
 * outlived the young generation (promoted, then mark-compacted): `report --format json` spent ~25 % more
 * CPU (A/B in docs/performance.md, round 6 "835 → remittance models").
 */
const CHUNK = 64 * 1024;

/** Characters of report text gathered before they go to the output as one buffer. */
const BATCH = 64 * 1024;

/**
 * An 835 report's text gathered in pieces and handed to `output` as one UTF-8 buffer per ~64 Ki
 * characters: the pieces are joined once (one flat string) and encoded once, where handing over each
 * piece made the output count its bytes (`Buffer.byteLength`) and build a rope of them to flatten later
 * (~1/10 of `report --format json`, whose text is ~19× the 835). `flush` before waiting on the output.
 */
/**
 * Empty, never written: each batch's pieces array is `NO_PARTS.slice()`, not `[]` (issue 12, round 9). An
 * array literal has a V8 allocation site; every batch's array is alive at the scavenges of its ~50 claims, so
 * the site was sometimes pretenured (1 run in ~15 at the bench's settings, every run with a 1 MiB young
 * generation): each batch's array was then made in the old generation and, dropped there, kept its pieces
 * (the report text) alive through the scavenges until a mark-compact — 44 mark-compacts instead of 2 and
 * +20 % CPU for a 100 MB `report --format csv`. An array made by `slice()` has no allocation site.
 */
const NO_PARTS: readonly string[] = [];

function batchedText(output: Output): { emit: (text: string) => void; flush: () => void } {
  let parts = NO_PARTS.slice();
  let chars = 0;
  const flush = () => {
    if (!parts.length) return;
    const text = parts.length === 1 ? parts[0] : parts.join('');
    parts = NO_PARTS.slice();
    chars = 0;
    output.write(Buffer.from(text, 'utf8'));
  };
  return {
    emit(text) {
      parts.push(text);
      chars += text.length;
      if (chars >= BATCH) flush();
    },
    flush,
  };
}

export async function reportCommand(file: string, opts: ReportCommandOptions): Promise<number> {
  const format = (opts.format ?? 'html').toLowerCase();
  if (!FORMATS.has(format)) {
    process.stderr.write(`x12gw report: unknown format "${opts.format}" (use html, csv or json)\n`);
    return 3;
  }
  const title = `${basename(file)}`;
  // The 835 report is written while the file is read: opened at the first claim payment.
  let out: Output | undefined;
  let remittanceReport: RemittanceReportWriter | undefined;
  let batch: ReturnType<typeof batchedText> | undefined;
  const openRemittanceReport = () => {
    if (remittanceReport) return remittanceReport;
    const output = (out = openOutput(opts.output));
    const emit = (batch = batchedText(output)).emit;
    remittanceReport =
      format === 'html' ? remittanceHtmlWriter(emit, { title: `Remittance report — ${title}` }) : format === 'csv' ? remittanceCsvWriter(emit) : remittanceJsonWriter(emit);
    return remittanceReport;
  };
  const remits = new RemittanceCollector({
    file: basename(file),
    keepClaims: false,
    onClaim: (claim, remittance) => {
      if (!statusReport) openRemittanceReport().claim(claim, remittance);
    },
    onRemittance: (remittance) => {
      if (!statusReport) openRemittanceReport().remittance(remittance);
    },
  });
  // A 277CA / 277 report is written the same way, opened at its first claim (unless an 835 report is open).
  let statusReport: ClaimStatusReportWriter | undefined;
  let rejectedClaims = 0;
  const openStatusReport = () => {
    if (statusReport) return statusReport;
    const output = (out = openOutput(opts.output));
    const emit = (text: string) => output.write(text);
    statusReport = format === 'html' ? claimStatusHtmlWriter(emit, { title: `Claim status report — ${title}` }) : format === 'csv' ? claimStatusCsvWriter(emit) : claimStatusJsonWriter(emit);
    return statusReport;
  };
  const statuses = new ClaimStatusCollector({
    keepClaims: false,
    onClaim: (claim, response) => {
      if (claim.verdict === 'rejected') rejectedClaims++;
      if (!remittanceReport) openStatusReport().claim(claim, response);
    },
  });
  // 999s: only their summaries are kept here (AK1, AK9); their transaction sets are reported in a second read.
  // With --claims, the 837 segments their errors name are noted: only those are indexed (`index837Of`).
  let rejectedSets = 0;
  const wanted837: Wanted837 = new Map();
  const acks = new AcknowledgmentCollector({
    keepTransactions: false,
    onTransactionAck: (t) => {
      if (!t.accepted) rejectedSets++;
      if (opts.claims) want837Segments(wanted837, t);
    },
  });
  const collectors = [remits, statuses, acks];
  const reader = new X12Reader({
    file: basename(file),
    units: { ...RemittanceCollector.units, ...ClaimStatusCollector.units, ...AcknowledgmentCollector.units },
    onUnit: (u, p, c) => collectors.forEach((x) => x.onUnit(u, p, c)),
    // The 835's claim payments come flat (no tree per claim); the other collectors' units as trees.
    flatUnits: RemittanceCollector.flatUnits,
    onFlatUnit: (u, p, c) => remits.onFlatUnit(u, p, c),
    onTransaction: (r, c) => {
      const before = statuses.responses.length;
      collectors.forEach((x) => x.onTransaction(r, c));
      // A 277 transaction set ended: its counts and levels follow its claims (a response with no claims opens the report here).
      if (statuses.responses.length > before && !remittanceReport) openStatusReport().response(statuses.responses[statuses.responses.length - 1]!);
    },
  });
  try {
    for await (const chunk of readChunks(file, `reading ${basename(file)}`, { chunkSize: CHUNK })) {
      reader.push(chunk);
      // Back-pressure: wait while the reader of the report (a pipe, a disk) is behind.
      batch?.flush();
      if (out) await out.ready();
    }
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    batch?.flush();
    await out?.end();
    process.stderr.write(err.message + '\n');
    return 2;
  }
  const report = reader.end();
  const ta1 = readInterchangeAcknowledgments(report);
  let problems = allFindings(report).some((f) => f.severity === 'error');
  if (remittanceReport) {
    problems ||= remits.remittances.some((x) => !x.balance.balanced);
    remittanceReport.end();
    batch?.flush();
  } else if (statusReport) {
    problems ||= rejectedClaims > 0;
    statusReport.end();
  } else if (acks.acks.length || ta1.length) {
    problems ||= rejectedSets > 0 || ta1.some((t) => !t.accepted);
    let index: Index837 | undefined;
    if (opts.claims) {
      try {
        index = await index837Of(opts.claims, wanted837);
      } catch (err) {
        process.stderr.write(`${opts.claims}: cannot read: ${(err as Error).message}\n`);
        return 2;
      }
    }
    const output = (out = openOutput(opts.output));
    const emit = (text: string) => output.write(text);
    const writer =
      format === 'html'
        ? acknowledgmentHtmlWriter(emit, ta1, { title: `Acknowledgment report — ${title}` })
        : format === 'csv'
          ? acknowledgmentCsvWriter(emit, ta1)
          : acknowledgmentJsonWriter(emit, ta1);
    const unreadable = await reportAcknowledgments(file, acks.acks, writer, index, output);
    if (unreadable) {
      await output.end();
      process.stderr.write(unreadable.message + '\n');
      return 2;
    }
  } else {
    process.stderr.write(`${file}: no 835, 277CA / 277, 999 or TA1 could be read from this file${report.interchanges.length ? '' : ' (not X12?)'}\n`);
    return 2;
  }
  const kinds = [remits.remittances.length, statuses.responses.length, acks.acks.length + ta1.length].filter((n) => n > 0).length;
  if (kinds > 1) process.stderr.write(`${file}: holds several kinds of responses; this report covers the first kind in the file (835 or 277), else 999/TA1\n`);
  await out!.end();
  if (opts.output) process.stderr.write(`x12gw report: wrote ${opts.output} (${out!.bytes} bytes, readable by the owner only: mode 0600)\n`);
  return problems ? 1 : 0;
}

/**
 * The 837 given with --claims read in chunks, indexing only the `wanted` segments; when the 999s name
 * none, only its first chunk is read (an unreadable file is still refused as before).
 */
async function index837Of(file: string, wanted: Wanted837): Promise<Index837> {
  const reader = new Index837Reader(wanted);
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    if (!wanted.size) break;
    reader.push(chunk as Buffer);
  }
  return reader.end();
}

/**
 * The second read of a 999 / TA1 file: each 999's transaction sets written as they are read (with the
 * claims their errors hit when the 837 is given), one 999 after another, waiting while the output is
 * behind. `summaries` are the 999s of the first read (no transaction sets), in the same order.
 */
async function reportAcknowledgments(file: string, summaries: readonly Acknowledgment999[], writer: AcknowledgmentReportWriter, index: Index837 | undefined, out: Output): Promise<UnreadableFileError | undefined> {
  const stream = acknowledgmentReportStream({ file: basename(file), summaries, writers: [writer], indexOf: () => index });
  try {
    for await (const chunk of readChunks(file, `reading ${basename(file)}`, { chunkSize: CHUNK })) {
      stream.push(chunk);
      await out.ready();
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) return err;
    throw err;
  }
  stream.end();
  return undefined;
}
