/**
 * A FHIR or CSV file as one of our NDJSON claim batches (pure: text in, text out). The outbox and
 * `POST /v1/batches` use it so that these files then take the normal batch path (scrubbed, recorded by
 * content hash, generated). The translation is deterministic — the same input gives the same bytes — so
 * dropping the same export twice is still found as a duplicate, and a crash between translating and
 * recording only redoes the same translation.
 *
 * The claims the translation leaves out are returned with their findings (field = the FHIR path or
 * "row N, column C"), for the batch's rejected report.
 */
import type { ScrubFinding } from '../claims/scrub/types.js';
import { claimsFromCsv, claimsFromFhirText, rejectedByTranslation, rejectedCsvClaims } from './index.js';

export type SourceFormat = 'fhir' | 'csv';

/** Files larger than this are not translated (the whole file is read in memory): split the export. */
export const TRANSLATE_MAX_BYTES = 64 * 1024 * 1024;

export interface LeftOutClaim {
  claimId: string;
  findings: ScrubFinding[];
}

export interface TranslatedBatch {
  format: SourceFormat;
  /** One claim (our model's JSON) per line, each line ending with "\n"; "" when no claim was translated. */
  ndjson: string;
  claims: number;
  leftOut: LeftOutClaim[];
  /** CSV: for each translated claim (by its position in the batch), the row and column each JSON path came from. */
  origins?: Array<Record<string, { row: number; column: string }>>;
}

/** What a gateway configures for its translations: a CSV header map, the default partner's payer list by name (FHIR). */
export interface TranslationSettings {
  csvHeaderMap?: Readonly<Record<string, string>>;
  payerIdsByName?: Readonly<Record<string, string>>;
}

/** Translates a FHIR (Bundle JSON or NDJSON of Bundles) or CSV text into an NDJSON claim batch; `csvHeaderMap` reads a CSV in another layout. */
export function translateToBatch(text: string, format: SourceFormat, options: TranslationSettings = {}): TranslatedBatch {
  if (format === 'csv') {
    const result = claimsFromCsv(text, { headerMap: options.csvHeaderMap });
    const ndjson = result.claims.map((c) => JSON.stringify(c.claim) + '\n').join('');
    return { format, ndjson, claims: result.claims.length, leftOut: rejectedCsvClaims(result), origins: result.claims.map((c) => c.origins) };
  }
  const result = claimsFromFhirText(text, { payerIdsByName: options.payerIdsByName });
  const ndjson = result.claims.map((c) => JSON.stringify(c.claim) + '\n').join('');
  return { format, ndjson, claims: result.claims.length, leftOut: rejectedByTranslation(result) };
}
