/**
 * Claims from the formats practices export, translated into our claim model (pure functions; callers do
 * the I/O). Each translator returns `{ claims, problems }`: the claims as our JSON, to be checked by the
 * strict model and the scrubber like any other (`createPipeline(...).accept(claim, source)`), and every
 * problem with its path in the source format.
 *
 *   FHIR R4:  claimsFromFhirText(text) / claimsFromFhirBundle(json)   (src/intake/fhir)
 */
import type { ScrubFinding } from '../claims/scrub/types.js';
import { claimsFromFhirBundle, claimsFromFhirNdjson, type FhirProblem, type FhirResult } from './fhir/translate.js';

export { claimsFromFhirBundle, claimsFromFhirNdjson, isFhirResource, type FhirClaim, type FhirProblem, type FhirResult } from './fhir/translate.js';

export type IntakeFormat = 'fhir' | 'claims';

/**
 * The format of a file from its first bytes: FHIR when a JSON object in it has a `resourceType` (a
 * Bundle, or NDJSON of Bundles); our claim batch otherwise. `--from` overrides it.
 */
export function detectFormat(head: string): IntakeFormat {
  return /^\s*\{/.test(head) && /"resourceType"\s*:/.test(head) ? 'fhir' : 'claims';
}

/** A FHIR file: one Bundle (JSON), or NDJSON with one Bundle per line. */
export function claimsFromFhirText(text: string): FhirResult {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return claimsFromFhirBundle(JSON.parse(body));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return claimsFromFhirNdjson(body);
  }
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
