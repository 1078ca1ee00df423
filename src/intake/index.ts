/**
 * Claims from the formats practices export, translated into our claim model (pure functions; callers do
 * the I/O). Each translator returns `{ claims, problems }`: the claims as our JSON, to be checked by the
 * strict model and the scrubber like any other (`createPipeline(...).accept(claim, source)`), and every
 * problem with its path in the source format.
 *
 *   FHIR R4:  claimsFromFhirText(text) / claimsFromFhirBundle(json)   (src/intake/fhir)
 *   CSV:      claimsFromCsv(text, { headerMap })                        (src/intake/csv)
 */
import type { ScrubFinding } from '../claims/scrub/types.js';
import type { CsvClaim, CsvResult } from './csv/translate.js';
import { claimsFromFhirBundle, claimsFromFhirNdjson, type FhirOptions, type FhirProblem, type FhirResult } from './fhir/translate.js';

export { claimsFromCsv, type CsvClaim, type CsvOptions, type CsvProblem, type CsvResult } from './csv/translate.js';
export { CSV_COLUMNS } from './csv/layout.js';
export { claimsFromFhirBundle, claimsFromFhirNdjson, isFhirResource, payerNameKey, type FhirClaim, type FhirOptions, type FhirProblem, type FhirResult } from './fhir/translate.js';

export type IntakeFormat = 'fhir' | 'csv' | 'claims';

/**
 * The format of a file from its first bytes: FHIR when a JSON object in it has a `resourceType` (a
 * Bundle, or NDJSON of Bundles); our claim batch otherwise. `--from` overrides it.
 */
export function detectFormat(head: string, fileName = ''): IntakeFormat {
  if (/\.csv$/i.test(fileName)) return 'csv';
  return /^\s*\{/.test(head) && /"resourceType"\s*:/.test(head) ? 'fhir' : 'claims';
}

/** A FHIR file: one Bundle (JSON), or NDJSON with one Bundle per line. */
export function claimsFromFhirText(text: string, options: FhirOptions = {}): FhirResult {
  const body = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return claimsFromFhirNdjson(body, options);
  }
  return claimsFromFhirBundle(json, options);
}

/** Problems as findings (field = the path in the source format) for the claim report. */
export function problemFindings(problems: readonly FhirProblem[]): ScrubFinding[] {
  return problems.map((p) => ({ claimId: p.claimId ?? '', code: p.severity === 'error' ? 'FHIR-PROBLEM' : 'FHIR-WARNING', field: p.path, message: p.message, fix: p.fix, severity: p.severity }));
}

/** The claims that were left out, one entry per claim (or per bundle problem), with their error findings. */
export function rejectedByTranslation(result: FhirResult): Array<{ claimId: string; findings: ScrubFinding[] }> {
  const translated = new Set(result.claims.map((c) => c.warnings).flat());
  const left = result.problems.filter((p) => !translated.has(p));
  const groups = new Map<string, FhirProblem[]>();
  for (const p of left) {
    const key = p.claimId ?? `path:${p.path}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((ps) => ({ claimId: ps[0].claimId ?? '', findings: problemFindings(ps) }));
}

/** CSV problems of the claims left out, one entry per claim (or per file problem), fields as "row N, column C". */
export function rejectedCsvClaims(result: CsvResult): Array<{ claimId: string; findings: ScrubFinding[] }> {
  const groups = new Map<string, ScrubFinding[]>();
  for (const p of result.problems) {
    const key = p.claimId ?? `row:${p.row}:${p.column ?? ''}`;
    const field = p.row === 0 ? 'file' : p.column ? `row ${p.row}, column ${p.column}` : `row ${p.row}`;
    groups.set(key, [...(groups.get(key) ?? []), { claimId: p.claimId ?? '', code: 'CSV-PROBLEM', field, message: p.message, fix: p.fix, severity: 'error' }]);
  }
  return [...groups.values()].map((findings) => ({ claimId: findings[0].claimId, findings }));
}

/** Findings on a CSV claim (JSON paths) told by the row and column the field came from, when it came from one. */
export function locateCsvFindings(findings: readonly ScrubFinding[], claim: CsvClaim): ScrubFinding[] {
  return findings.map((f) => {
    const o = claim.origins[f.field];
    return o ? { ...f, field: `row ${o.row}, column ${o.column}` } : f;
  });
}

/** The file-level warnings a CSV claim carries (unknown columns), as findings. */
export function csvWarningFindings(claim: CsvClaim, claimId: string): ScrubFinding[] {
  return claim.warnings.map((w) => ({ claimId, code: 'CSV-COLUMN-IGNORED', field: `row ${w.row}, column ${w.column ?? ''}`, message: w.message, fix: w.fix, severity: 'warning' as const }));
}
