/**
 * The outbox's translation step for files practices export (issue 13): a `.csv` file, or a `.json` /
 * `.ndjson` whose first object has a `resourceType` (a FHIR R4 Bundle, or NDJSON of Bundles), is
 * translated into one of our NDJSON batches, written durably into the working folder beside the
 * original as `<name>.from-fhir.ndjson` / `<name>.from-csv.ndjson`. The caller then archives the
 * original and takes the translation through the normal batch path.
 *
 * Exactly once across a crash: the claims the translation left out are written first (a sidecar in
 * .working/.translation/), then the translation; the original leaves .working only after both are on
 * disk. A crash before that translates the original again — the same bytes, since the translation is
 * deterministic — and a crash after it finds the translation in .working like any batch left by a crash
 * (recorded by content hash, so nothing twice).
 */
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { detectFormat } from '../intake/index.js';
import { TRANSLATE_MAX_BYTES, translateToBatch, type LeftOutClaim, type SourceFormat, type TranslatedBatch } from '../intake/to-batch.js';
import { nameHash, safeStem } from './batch-names.js';
import type { RuntimeContext } from './context.js';
import { writeDurable } from './durable.js';

const TRANSLATION = /\.from-(fhir|csv)\.ndjson$/i;
const HEAD_BYTES = 64 * 1024;

/** True for a batch this step wrote (it is never translated again, nor continued as an in-place NDJSON). */
export const isTranslation = (name: string): boolean => TRANSLATION.test(name);

/** The name of the file a translation came from ("claims.csv.from-csv.ndjson" → "claims.csv"); the name itself otherwise. */
export const sourceNameOf = (name: string): string => name.replace(TRANSLATION, '');

/** "claims.csv" → "claims.csv.from-csv.ndjson"; a long or odd name is reduced by safeStem first. */
export const translationName = (name: string, format: SourceFormat): string => `${safeStem(name)}${/\.(json|ndjson)$/i.exec(name)?.[0].toLowerCase() ?? ''}.from-${format}.ndjson`;

/** The format to translate a working file from, or undefined for our own JSON / NDJSON batches. */
export function sourceFormatOf(path: string, name: string): SourceFormat | undefined {
  if (isTranslation(name)) return undefined;
  if (/\.csv$/i.test(name)) return 'csv';
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    return detectFormat(head.subarray(0, n).toString('utf8').replace(/^\uFEFF/, ''), name) === 'fhir' ? 'fhir' : undefined;
  } finally {
    closeSync(fd);
  }
}

const leftOutFile = (workingDir: string, translation: string) => join(workingDir, '.translation', `${nameHash(translation)}.json`);

export interface TranslationNotes {
  /** The claims the translation left out, with their findings. */
  leftOut: LeftOutClaim[];
  /** CSV: where each translated claim's fields came from (row and column), by the claim's position in the batch. */
  origins?: TranslatedBatch['origins'];
}

/** What the translation `translation` left out and where its claims came from (empty for a batch that is no translation). */
export function readTranslationNotes(workingDir: string, translation: string): TranslationNotes {
  try {
    return JSON.parse(readFileSync(leftOutFile(workingDir, translation), 'utf8')) as TranslationNotes;
  } catch {
    return { leftOut: [] };
  }
}

export function clearTranslationNotes(workingDir: string, translation: string): void {
  rmSync(leftOutFile(workingDir, translation), { force: true });
}

export type TranslationStep =
  | { kind: 'translated'; path: string; claims: number; leftOut: LeftOutClaim[] }
  /** Nothing to send: the file as a whole is refused (too large, not UTF-8, no claim translated). */
  | { kind: 'rejected'; code: string; message: string; leftOut: LeftOutClaim[] }
  /** A FHIR JSON that does not end yet (written in place, not proven complete): wait for the rest. */
  | { kind: 'incomplete' };

export interface TranslationOptions {
  maxBytes?: number;
  /** Completion proven by a done marker: an unfinished file is an error, not something to wait for. */
  provenComplete: boolean;
  /** CSV in another layout: their header → our column. */
  csvHeaderMap?: Readonly<Record<string, string>>;
  /** FHIR payers without a payer id: the payer list by name. */
  payerIdsByName?: Readonly<Record<string, string>>;
}

/** Translates the working file `path` and writes the translation beside it (see the module comment). */
export function translateWorkingFile(ctx: RuntimeContext, path: string, name: string, format: SourceFormat, options: TranslationOptions): TranslationStep {
  const maxBytes = options.maxBytes ?? TRANSLATE_MAX_BYTES;
  const size = statSync(path).size;
  const label = format === 'csv' ? 'CSV' : 'FHIR';
  if (size > maxBytes) {
    return { kind: 'rejected', code: 'BATCH-TOO-LARGE', message: `The ${label} file is ${size} bytes; ${label} files of at most ${maxBytes} bytes are translated. Split the export into smaller files.`, leftOut: [] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path)).replace(/^\uFEFF/, '');
  } catch {
    return { kind: 'rejected', code: 'BATCH-ENCODING', message: `The ${label} file is not UTF-8 text. Export it as UTF-8.`, leftOut: [] };
  }
  if (format === 'fhir' && !options.provenComplete && /\.json$/i.test(name) && !text.trimEnd().endsWith('}')) return { kind: 'incomplete' };
  const batch = translateToBatch(text, format, { csvHeaderMap: options.csvHeaderMap, payerIdsByName: options.payerIdsByName });
  if (batch.claims === 0) {
    return { kind: 'rejected', code: 'TRANSLATION-NO-CLAIMS', message: `No claim of the ${label} file could be translated; each problem is listed with its ${format === 'csv' ? 'row and column' : 'FHIR path'} and fix.`, leftOut: batch.leftOut };
  }
  const translation = translationName(name, format);
  const notes: TranslationNotes = { leftOut: batch.leftOut, origins: batch.origins };
  writeDurable(leftOutFile(ctx.folders.working, translation), JSON.stringify(notes) + '\n');
  const out = join(dirname(path), translation);
  writeDurable(out, batch.ndjson);
  ctx.crash('intake-translated');
  return { kind: 'translated', path: out, claims: batch.claims, leftOut: batch.leftOut };
}
