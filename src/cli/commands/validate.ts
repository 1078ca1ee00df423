/** `x12gw validate FILE…`: exit 0 when every file is valid, 1 when any is invalid, 2 when any cannot be read. */
import { X12Reader, isValid, type ReadReport } from '../../guides/reader.js';
import { DEFAULT_UNITS } from '../../guides/units.js';
import { RemittanceCollector } from '../../remits/read-remittances.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INBOUND_837_FLAT_PATHS, INBOUND_837_FLAT_UNITS, inbound837Check, type Inbound837Options } from '../../claims/snip/index.js';
import { formatReport } from '../format-report.js';
import { readChunks, UnreadableFileError } from '../io.js';
import { basename } from 'node:path';
import { mark, markThreadStart } from '../validate-parallel/timeline.js';
import { JobsOptionError, ParallelValidator, ValidationWorkerError, jobsOption, type ParallelOptions } from '../validate-parallel/index.js';

/**
 * Reads and validates a file: guide checks for every transaction set, plus the transaction-level checks
 * that need the data (835 balancing, SNIP 3; 837 claim total = sum of lines, SNIP 3). Trees are built one unit loop at a time and dropped, so
 * memory stays flat whatever the size.
 */
export async function readFile(file: string, options: { structureOnly?: boolean } & Inbound837Options = {}): Promise<ReadReport> {
  const reader = fileReader(file, options);
  for await (const chunk of readChunks(file, `validating ${basename(file)}`)) reader.push(chunk);
  return reader.end();
}

/** The units `fileReader` takes flat: the 835's claim payments and the 837s' claims. */
const VALIDATE_FLAT_UNITS: Record<string, readonly string[]> = { ...RemittanceCollector.flatUnits, ...INBOUND_837_FLAT_UNITS };

/** The reader `readFile` pushes a file's bytes into (also fed by `generate` as it writes an 837). */
export function fileReader(file: string, options: { structureOnly?: boolean } & Inbound837Options = {}): X12Reader {
  const check837 = inbound837Check({ partner: options.partner });
  const remittances = new RemittanceCollector({ keepClaims: false, file: basename(file) });
  const reader = new X12Reader({
    file: basename(file),
    structureOnly: options.structureOnly,
    units: DEFAULT_UNITS,
    onUnit: (unit, path, ctx) => {
      remittances.onUnit(unit, path, ctx);
      check837(unit, path, ctx);
    },
    // 835 claim payments and 837 claims come flat: those the fast paths vouch for (balanced in cents, certainly
    // clean) need no tree; each hook reads only its own guide's units.
    flatUnits: VALIDATE_FLAT_UNITS,
    // The 837s' loops above the claims (2000A/2000B/2000C and their 2010s) are recorded, not built: the fast
    // check reads them from the record, and a claim it cannot vouch for gets their trees when it reads them.
    flatPaths: INBOUND_837_FLAT_PATHS,
    onFlatUnit: (unit, path, ctx) => {
      remittances.onFlatUnit(unit, path, ctx);
      check837.flat(unit, path, ctx);
    },
    onTransaction: (root, ctx) => remittances.onTransaction(root, ctx),
  });
  return reader;
}

/**
 * `--partner`: the profile's id and SNIP 7 rules (config/partners/<id>.json). The profile's schema (with the
 * claim model's zod schemas, ~50 ms of start-up) is imported only when a partner is named.
 */
async function partnerOption(opts: { partner?: string; partners?: string }): Promise<Inbound837Options['partner']> {
  if (!opts.partner) return undefined;
  const { PartnerProfile } = await import('../../claims/partner.js');
  const path = join(opts.partners ?? join(process.cwd(), 'config', 'partners'), `${opts.partner}.json`);
  if (!/^[a-z0-9-]+$/.test(opts.partner) || !existsSync(path)) throw new UnreadableFileError(path, 'no such partner profile (--partner)');
  const parsed = PartnerProfile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new UnreadableFileError(path, `not a valid partner profile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { id: parsed.data.id, rules: parsed.data.rules };
}

export interface ValidateCommandOptions {
  json?: boolean;
  partner?: string;
  partners?: string;
  /** `--jobs N` (else X12GW_JOBS, else the cores the load average leaves free: `defaultJobs`). */
  jobs?: string;
  /** Split tuning, for tests (see ParallelOptions). */
  parallel?: Omit<ParallelOptions, 'jobs'>;
}

export async function validateCommand(files: string[], opts: ValidateCommandOptions): Promise<number> {
  markThreadStart('process start');
  mark('validate command start');
  let partner: Inbound837Options['partner'];
  let jobs: number;
  try {
    partner = await partnerOption(opts);
    jobs = jobsOption(opts.jobs);
  } catch (err) {
    if (!(err instanceof UnreadableFileError) && !(err instanceof JobsOptionError)) throw err;
    process.stderr.write(err.message + '\n');
    return 2;
  }
  const validator = new ParallelValidator({ partner }, { jobs, ...opts.parallel }, (file) => readFile(file, { partner }));
  validator.startEarly(files);
  try {
    return await validateFiles(files, opts, validator);
  } finally {
    mark('report written');
    await validator.close();
    mark('workers closed');
  }
}

async function validateFiles(files: string[], opts: ValidateCommandOptions, validator: ParallelValidator): Promise<number> {
  let exit = 0;
  const reports: unknown[] = [];
  for (const file of files) {
    try {
      const report = await validator.read(file);
      const valid = isValid(report);
      if (!valid) exit = Math.max(exit, report.interchanges.length === 0 ? 2 : 1);
      if (opts.json) reports.push({ valid, ...report });
      else process.stdout.write(formatReport(report));
    } catch (err) {
      if (!(err instanceof UnreadableFileError) && !(err instanceof ValidationWorkerError)) throw err;
      exit = 2;
      if (opts.json) reports.push({ file, valid: false, error: err.message });
      else process.stderr.write(err.message + '\n');
    }
  }
  if (opts.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
  return exit;
}
