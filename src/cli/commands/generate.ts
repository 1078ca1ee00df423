/**
 * `x12gw generate BATCH.json|.ndjson [-o FILE] [--partner ID] [--dry-run]`: scrubs every claim, writes the
 * 837 files for the claims that pass, prints a report of rejected claims with the fix for each problem.
 *
 * NDJSON is streamed line by line (flat memory, progress bar on stderr); its first line may be the batch
 * header `{"record":"batch", "partnerId": ..., ...}`. A JSON batch is `{ partnerId, submitter?, receiver?, claims: [...] }`.
 * Exit codes: 0 all claims generated, 1 some claims rejected, 2 input unreadable, 3 bad usage / config.
 */
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Batch as BatchSchema, BatchHeader, type Batch } from '../../claims/model.js';
import { PartnerProfile, sequentialAllocator } from '../../claims/partner.js';
import { createPipeline, type ClaimOutcome, type Pipeline } from '../../claims/pipeline.js';
import type { FileSink, OutputFile, WrittenFile } from '../../claims/batch-writer.js';
import { modelFindings } from '../../claims/model-problems.js';
import { progressBar } from '../progress.js';
import { generateJobs, summarizeReport, summaryVerdict, validateWhileWriting, validatorThread, type ReportSummary, type ValidatorThread } from './check-written.js';
import { claimsFromCsv, claimsFromFhirText, csvWarningFindings, detectFormat, locateCsvFindings, problemFindings, rejectedByTranslation, rejectedCsvClaims } from '../../intake/index.js';
import { headerMapProblems } from '../../intake/csv/layout.js';
import { openOutput, type Output } from '../output.js';

export interface GenerateOptions {
  output?: string;
  partner?: string;
  dryRun?: boolean;
  json?: boolean;
  /** Folder of partner profiles (<id>.json). */
  partners?: string;
  /** ISO date-time to stamp instead of now. */
  date?: string;
  controlNumber?: string;
  /** Force the input format ("fhir": a FHIR R4 Bundle or NDJSON of Bundles; "csv"); detected by default. */
  from?: 'fhir' | 'csv' | 'claims';
  /** CSV: a JSON file mapping the export's headers to the layout's column names. */
  csvHeaderMap?: string;
  /** Threads, as typed (src/cli/jobs.ts; default `X12GW_JOBS`, else 1): 1 validates the written 837s on the main thread, more on a second one. */
  jobs?: string;
}

function loadPartner(dir: string, id: string): PartnerProfile | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  const path = join(dir, `${id}.json`);
  if (!existsSync(path)) return undefined;
  const parsed = PartnerProfile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new ConfigError(`${path}: not a valid partner profile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

class ConfigError extends Error {}

/**
 * A file written under a temporary name, fsynced and renamed into place on close (never half a file
 * under the final name). Each chunk written is also handed to `onBytes` (the validator reading along).
 */
function diskSink(path: string, onBytes: (bytes: Buffer) => void, onClose: () => void): FileSink {
  const temp = `${path}.part`;
  const fd = openSync(temp, 'w', 0o600);
  let buffer: string[] = [];
  let size = 0;
  const drain = () => {
    if (size === 0) return;
    const bytes = Buffer.from(buffer.join(''), 'utf8');
    buffer = [];
    size = 0;
    writeSync(fd, bytes);
    onBytes(bytes);
  };
  return {
    write(text) {
      buffer.push(text);
      size += text.length;
      if (size >= 1 << 16) drain();
    },
    close() {
      drain();
      fsyncSync(fd);
      closeSync(fd);
      renameSync(temp, path);
      onClose();
    },
  };
}

/** FILE for the only file; FILE-partner-N.ext when a batch makes several (partners or size limits). */
/** A path that exists and is not a regular file (a device, a FIFO, a folder): never renamed over. */
function isThereButNotAFile(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && !st.isFile();
}

function outputPath(base: string, file: OutputFile, several: boolean): string {
  if (!several) return base;
  const ext = extname(base);
  return join(dirname(base), `${basename(base, ext)}-${file.partnerId}-${file.index}${ext}`);
}

/** --csv-header-map: a JSON object { "their header": "our column" }. */
function readHeaderMap(path: string): Record<string, string> {
  try {
    const map = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (map && typeof map === 'object' && !Array.isArray(map) && Object.values(map).every((v) => typeof v === 'string')) {
      const problems = headerMapProblems(map as Record<string, string>);
      if (problems.length) throw new ConfigError(problems.map((p) => `${path}: ${p.header}: ${p.message}`).join('\n'));
      return map as Record<string, string>;
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    // otherwise reported below
  }
  throw new ConfigError(`${path}: not a header map (a JSON object from the export's column names to the layout's, e.g. {"Acct #": "claim_id"})`);
}

/** The first 64 KiB of a file (enough to see a resourceType). */
function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 16);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

function describeSource(o: ClaimOutcome): string {
  if (o.source.path !== undefined) return o.source.line !== undefined ? `line ${o.source.line} ${o.source.path}` : o.source.path;
  if (o.source.line !== undefined) return `line ${o.source.line}`;
  if (o.source.index !== undefined) return `claims[${o.source.index}]`;
  return '';
}

export function formatOutcomes(file: string, outcomes: readonly ClaimOutcome[]): string {
  const out: string[] = [];
  for (const o of outcomes) {
    const status = o.accepted ? 'SENT WITH WARNINGS' : 'REJECTED';
    // An outcome with neither a claim id nor a place in the batch is about a written 837 (OUTPUT-INVALID).
    const source = describeSource(o);
    const what = o.claimId || source ? `${source} claim ${o.claimId || '(no claim id)'}` : `the 837 for partner ${o.partnerId ?? '(none)'}`;
    out.push(`${status} ${file} ${what}`);
    for (const f of o.findings) {
      out.push(`  ${f.severity.toUpperCase().padEnd(7)} ${f.field}: ${f.message} [${f.code}]`);
      out.push(`          fix: ${f.fix}`);
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

/**
 * The lines of an NDJSON file, read chunk by chunk with backpressure (readline's async iterator queues
 * every line the stream delivers, which is the whole file when claims are slower than the disk).
 */
async function* ndjsonRecords(path: string, onBytes: (n: number) => void): AsyncGenerator<{ line: number; text: string }> {
  let bytes = 0;
  let rest = '';
  let line = 0;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 }) as AsyncIterable<string>) {
    bytes += Buffer.byteLength(chunk);
    onBytes(bytes);
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      line++;
      const record = text.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
      if (record.trim()) yield { line, text: record };
    }
    rest = text.slice(start);
  }
  if (rest.trim()) yield { line: line + 1, text: rest.replace(/\r$/, '') };
}

export async function generateCommand(input: string, opts: GenerateOptions): Promise<number> {
  const out = openOutput();
  try {
    return await generate(input, opts, out);
  } finally {
    // Every way out (also the early ones) hands what was written to stdout.
    await out.end();
  }
}

async function generate(input: string, opts: GenerateOptions, out: Output): Promise<number> {
  let size: number;
  try {
    size = statSync(input).size;
  } catch {
    process.stderr.write(`${input}: cannot read: no such file\n`);
    return 2;
  }
  const partnersDir = opts.partners ?? join(process.cwd(), 'config', 'partners');
  const now = opts.date ? new Date(opts.date) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`--date: not a date: ${opts.date}\n`);
    return 3;
  }
  if (opts.from !== undefined && opts.from !== 'fhir' && opts.from !== 'csv' && opts.from !== 'claims') {
    process.stderr.write(`--from: not a format we read: use fhir, csv or claims\n`);
    return 3;
  }
  const iso = now.toISOString();
  const base = opts.output ?? join(dirname(input), basename(input, extname(input)) + '.837');
  // The 837s are written beside their name and renamed onto it: onto `-o /dev/null` (or another device,
  // a FIFO), as root, that rename would replace the device with a file. Refused before anything is read.
  if (!opts.dryRun && isThereButNotAFile(base)) {
    process.stderr.write(`${base}: not a regular file: generate writes its 837 files there (use --dry-run to write none)\n`);
    return 3;
  }
  const written: Array<{ info: OutputFile; temp: string; summary?: Promise<ReportSummary> }> = [];
  const reported: ClaimOutcome[] = [];
  const counts = { read: 0, accepted: 0, rejected: 0 };
  const partnerCache = new Map<string, PartnerProfile | undefined>();
  const file = basename(input);

  // The per-claim report is written as claims are scrubbed (with back-pressure); only --json, whose
  // document starts with the counts, keeps the reported claims until the end.
  const record = (o: ClaimOutcome) => {
    counts.read++;
    if (o.accepted) counts.accepted++;
    else counts.rejected++;
    if (!o.accepted || o.findings.length) {
      if (opts.json) reported.push(o);
      else out.write(formatOutcomes(file, [o]));
    }
  };

  let jobs: number;
  try {
    jobs = generateJobs(opts.jobs);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 3;
  }
  // Issue 12: the written 837s are validated on a second thread (started with the first file) unless --jobs 1.
  let thread: ValidatorThread | undefined;
  const validating = (path: string) => {
    if (jobs === 1) {
      const check = validateWhileWriting(path);
      return { push: (bytes: Buffer) => check.push(bytes), end: () => Promise.resolve(summarizeReport(check.end())) };
    }
    return (thread ??= validatorThread()).open(path);
  };

  let pipeline: Pipeline | undefined;
  const start = (header: BatchHeader) => {
    pipeline = createPipeline({
      partners: (id) => {
        if (!partnerCache.has(id)) partnerCache.set(id, loadPartner(partnersDir, id));
        return partnerCache.get(id);
      },
      defaultPartnerId: opts.partner ?? header.partnerId,
      header,
      today: iso.slice(0, 10),
      date: iso.slice(0, 10).replaceAll('-', ''),
      time: iso.slice(11, 16).replace(':', ''),
      allocator: sequentialAllocator({ interchange: Number(opts.controlNumber ?? 1), group: Number(opts.controlNumber ?? 1) }),
      openFile: (info) => {
        if (opts.dryRun) return { write() {}, close() {} };
        // Named once the batch is done (we only then know whether there are several files).
        const temp = `${base}.${info.partnerId}.${info.index}.tmp`;
        const entry: (typeof written)[number] = { info, temp };
        written.push(entry);
        // Issue 12: validated as it is written (one pass), the verdict taken once the file is complete.
        const check = validating(temp);
        return diskSink(temp, (bytes) => check.push(bytes), () => {
          entry.summary = check.end();
          entry.summary.catch(() => {}); // awaited below; a failure must not be "unhandled" before then
        });
      },
    });
    return pipeline;
  };

  const progress = progressBar(size, `generating ${file}`, { minTotal: 1 << 20 });
  try {
    // Issue 13: FHIR R4 Bundles (detected by resourceType, or --from fhir) are translated, then go through
    // the same pipeline; translation problems are reported with their FHIR path.
    const format = opts.from ?? detectFormat(readHead(input), input);
    if (format === 'csv') {
      // Issue 13: CSV exports, one row per service line; problems by row and column.
      const result = claimsFromCsv(readFileSync(input, 'utf8'), { headerMap: opts.csvHeaderMap ? readHeaderMap(opts.csvHeaderMap) : undefined });
      for (const r of rejectedCsvClaims(result)) record({ claimId: r.claimId, source: {}, accepted: false, findings: r.findings });
      const p = start({});
      result.claims.forEach((c, index) => {
        const outcome = p.accept(c.claim, { index, path: `rows ${c.rows.join(', ')}` });
        outcome.findings = [...csvWarningFindings(c, outcome.claimId), ...locateCsvFindings(outcome.findings, c)];
        record(outcome);
      });
    } else if (format === 'fhir') {
      const partner = opts.partner ? loadPartner(partnersDir, opts.partner) : undefined;
      const result = claimsFromFhirText(readFileSync(input, 'utf8'), { payerIdsByName: partner?.payerIdsByName });
      for (const r of rejectedByTranslation(result)) record({ claimId: r.claimId, source: {}, accepted: false, findings: r.findings });
      const p = start({});
      result.claims.forEach((c, index) => {
        const outcome = p.accept(c.claim, { index, line: c.line, path: c.source });
        outcome.findings.unshift(...problemFindings(c.warnings));
        record(outcome);
      });
    } else if (extname(input).toLowerCase() === '.ndjson') {
      for await (const { line, text } of ndjsonRecords(input, (n) => progress.update(n))) {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          record({ claimId: '', source: { line }, accepted: false, findings: [{ claimId: '', code: 'JSON-MALFORMED', field: '$', message: 'The line is not valid JSON.', fix: 'Write one complete JSON object per line (check quotes, commas and braces).', severity: 'error' }] });
          continue;
        }
        if (!pipeline && (raw as { record?: unknown })?.record === 'batch') {
          const h = BatchHeader.safeParse(raw);
          if (!h.success) {
            process.stderr.write(`${file} line ${line}: the batch header does not fit the model: ${h.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
            return 3;
          }
          start(h.data);
          continue;
        }
        record((pipeline ?? start({})).accept(raw, { line }));
        await out.ready();
      }
    } else {
      let batch: Batch;
      try {
        const json: unknown = JSON.parse(readFileSync(input, 'utf8'));
        const parsed = BatchSchema.safeParse(json);
        if (!parsed.success) {
          const findings = modelFindings(BatchSchema, json, parsed.error.issues, '');
          record({ claimId: '', source: {}, accepted: false, findings });
          if (opts.json) out.write(formatOutcomes(file, reported));
          return 1;
        }
        batch = parsed.data;
      } catch {
        record({ claimId: '', source: {}, accepted: false, findings: [{ claimId: '', code: 'JSON-MALFORMED', field: '$', message: 'The file is not valid JSON.', fix: 'Check quotes, commas and brackets (or use NDJSON: one claim per line).', severity: 'error' }] });
        if (opts.json) out.write(formatOutcomes(file, reported));
        return 1;
      }
      const { claims, ...header } = batch;
      const p = start(header);
      claims.forEach((raw, index) => record(p.accept(raw, { index })));
    }
    const files: WrittenFile[] = pipeline ? pipeline.end() : [];
    // Issue 13: what we wrote must pass our own validator, or it is an error (never "generated").
    for (const w of [...written]) {
      const info = files.find((f) => f.partnerId === w.info.partnerId && f.index === w.info.index);
      if (!w.summary) throw new Error(`${basename(w.temp)}: written but never closed`);
      const check = summaryVerdict(await w.summary, w.temp, w.info, info?.claims ?? 0);
      if (check.valid || !check.outcome) continue;
      // In JSON it joins the report; as text it is printed now (the claims' own lines went out as they were read).
      if (opts.json) reported.push(check.outcome);
      else out.write(formatOutcomes(file, [check.outcome]));
      counts.accepted -= info?.claims ?? 0;
      counts.rejected += info?.claims ?? 0;
      written.splice(written.indexOf(w), 1);
      if (info) files.splice(files.indexOf(info), 1);
    }
    const several = written.length > 1;
    for (const w of written) {
      const path = outputPath(base, w.info, several);
      if (isThereButNotAFile(path)) throw new ConfigError(`${path}: not a regular file: the 837 stays as ${w.temp}`);
      renameSync(w.temp, path);
    }
    progress.finish();
    report(file, opts, counts, reported, files.map((f) => ({ ...f, path: opts.dryRun ? undefined : outputPath(base, f, several) })));
  } catch (err) {
    progress.finish();
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return 3;
    }
    throw err;
  } finally {
    await thread?.close();
  }
  return counts.rejected > 0 ? 1 : 0;

  function report(name: string, o: GenerateOptions, c: typeof counts, outcomes: ClaimOutcome[], files: Array<WrittenFile & { path?: string }>) {
    if (o.json) {
      out.write(JSON.stringify({ file: name, ...c, dryRun: !!o.dryRun, files, claims: outcomes }, null, 2) + '\n');
      return;
    }
    out.write(`${name}: ${c.read} claim(s) read, ${c.accepted} generated, ${c.rejected} rejected${o.dryRun ? ' (dry run: nothing written)' : ''}\n`);
    for (const f of files) out.write(`  ${f.path ?? '(dry run)'}: partner ${f.partnerId}, interchange ${f.interchangeControlNumber}, ${f.transactions} transaction set(s), ${f.claims} claim(s), ${f.bytes} bytes\n`);
  }
}
