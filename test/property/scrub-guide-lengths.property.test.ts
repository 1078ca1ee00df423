/**
 * Property test: what the pipeline accepts, the guide accepts. A valid claim (the unit fixtures, the
 * sample claims of all three kinds, and one claim with every optional free-text field filled) gets ONE of
 * its string fields (any path, chosen by the property) replaced by an adversarial value: one character,
 * blank, empty, at and past the model's lengths, characters that transliterate to more (ß → SS, … → ...)
 * or fewer (combining marks) characters or to nothing (emoji), leading and trailing spaces. Then:
 *   - a claim the pipeline accepts is written into an 837 our validator (readX12 + allFindings) accepts
 *     without an error;
 *   - a claim the pipeline refuses carries an error finding naming that field (or a field inside it).
 * Written independently of the scrubber and the model: it knows neither the guide's minimum lengths nor
 * which fields are free text, so it finds any field whose value the 837 refuses after we accepted it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPipeline, sequentialAllocator, type ClaimInput } from '../../src/claims/index.js';
import { allFindings, readX12 } from '../../src/guides/index.js';
import { dentalInput, institutionalInput, partner, professionalInput, secondaryInput } from '../unit/claims/fixtures.js';

const samples = (name: string): ClaimInput[] => (JSON.parse(readFileSync(new URL(`../../samples/claims/${name}.json`, import.meta.url), 'utf8')) as { claims: ClaimInput[] }).claims;

/** A professional claim with the optional free-text fields filled that the fixtures and samples leave out. */
function richProfessional(): ClaimInput {
  const c = professionalInput({ claimId: 'P-RICH' }) as Record<string, any>;
  c.subscriber.name = { last: 'DOE', first: 'JANE', middle: 'Q', suffix: 'JR' };
  c.subscriber.groupName = 'SAMPLE EMPLOYER GROUP';
  c.subscriber.address.line2 = 'APARTMENT 4';
  c.billingProvider.contact = { name: 'BILLING OFFICE', phone: '5555550123' };
  c.note = 'PATIENT SEEN AFTER HOURS';
  c.medicalRecordNumber = 'MRN12345';
  c.referralNumber = 'REF12345';
  c.priorAuthorization = 'AUTH12345';
  c.attachments = [{ reportType: 'OZ', transmission: 'BM', controlNumber: 'ATT12345' }];
  c.repricing = { method: '01', allowedAmount: '150', organizationId: 'REPRICER01' };
  c.renderingProvider = { entity: 'person', name: 'RIVERA', firstName: 'CASEY', middleName: 'B', suffix: 'MD', npi: '1987654328', taxonomy: '207Q00000X' };
  c.serviceFacility = { name: 'SAMPLE CLINIC ANNEX', npi: '1765432103', address: { line1: '200 OAK AVENUE', line2: 'SUITE 5', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' } };
  c.lines[0].description = 'OFFICE VISIT';
  c.lines[0].note = 'LINE NOTE';
  c.lines[0].lineControlNumber = 'LINE0001';
  c.lines[0].priorAuthorization = 'LAUTH01';
  c.lines[0].referralNumber = 'LREF01';
  return c as ClaimInput;
}

const BASES: readonly ClaimInput[] = [
  professionalInput(),
  institutionalInput(),
  dentalInput(),
  secondaryInput(),
  richProfessional(),
  ...['professional', 'institutional', 'dental', 'secondary'].flatMap(samples),
];

type Path = readonly (string | number)[];

/** Every path of `v` that holds a string. */
function stringPaths(v: unknown, at: Path = []): Path[] {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
  return [];
}

const pathText = (p: Path): string => '$' + p.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');

function withValue(claim: ClaimInput, path: Path, value: string): ClaimInput {
  const copy = structuredClone(claim) as Record<string | number, any>;
  let o = copy;
  for (const step of path.slice(0, -1)) o = o[step];
  o[path[path.length - 1]] = value;
  return copy as ClaimInput;
}

/** The model's and the guide's lengths (1, 2, and the maxima of the free-text and identifier fields). */
const LENGTHS = [1, 2, 3, 10, 25, 30, 35, 38, 50, 55, 60, 80];
const adversarial: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('X', '0', '1', '6', '7', '8', 'Z', '00', '99', 'ZZ', ' ', '   ', '', 'é', 'É', 'ß', 'Æ', 'Ø', '…', '\u00A0', '😀', 'e\u0301', 'X\u0301', ' X', 'X ', ' X ', ' AB', 'AB ', 'A  B'),
  fc.constantFrom(...LENGTHS).chain((n) =>
    fc.constantFrom(
      'A'.repeat(n),
      'A'.repeat(n + 1),
      '9'.repeat(n),
      'ß' + 'A'.repeat(Math.max(0, n - 1)),
      'Æ'.repeat(Math.max(1, Math.ceil(n / 2))),
      'A'.repeat(n) + '\u0301',
      ' '.repeat(n),
      'A' + ' '.repeat(Math.max(0, n - 1)),
      ' '.repeat(Math.max(0, n - 1)) + 'A',
    ),
  ),
);

/** One claim through the pipeline: its outcome and the 837 files written for it. */
function run(claim: ClaimInput) {
  const files: string[] = [];
  const p = createPipeline({
    partners: () => partner(),
    defaultPartnerId: 'test-clearinghouse',
    today: '2024-12-31',
    date: '20240601',
    time: '0930',
    allocator: sequentialAllocator(),
    openFile: () => {
      const i = files.push('') - 1;
      return { write: (t) => void (files[i] += t), close() {} };
    },
  });
  const outcome = p.accept(claim, { index: 0 });
  p.end();
  return { outcome, files };
}

/**
 * The validator's errors, and any element written as spaces only: X12 string data (AN) must hold a
 * character that is not a space, which our validator does not check (so the test does).
 */
function guideErrors(files: string[]): string[] {
  const errors = files.flatMap((text) => allFindings(readX12(text)).filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`));
  for (const text of files) {
    for (const segment of text.split('~')) {
      const elements = segment.trim().split('*');
      // ISA has fixed-width elements padded with spaces by rule.
      if (elements[0] === 'ISA') continue;
      for (const [i, element] of elements.entries()) for (const part of element.split(':')) if (part !== '' && part.trim() === '') errors.push(`BLANK-ELEMENT: ${elements[0]}${String(i).padStart(2, '0')}`);
    }
  }
  return errors;
}

/**
 * A refusal names the field: a finding on it, on a field inside it, or on the list holding it (a code in
 * a list, `$.lines[0].oralCavity`). An amount changed to another valid amount makes the claim's sums
 * disagree: the finding then names the sum (the total charge, the other payer's balance).
 */
function namesField(findings: readonly { field: string; code: string; severity: string }[], path: Path): boolean {
  const field = pathText(path);
  const list = typeof path[path.length - 1] === 'number' ? pathText(path.slice(0, -1)) : undefined;
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.some((f) => f.field === field || f.field.startsWith(field + '.') || f.field.startsWith(field + '[') || f.field === list)) return true;
  return errors.length > 0 && errors.every((f) => SUMS.has(f.code));
}
const SUMS = new Set(['TOTAL-CHARGE-MISMATCH', 'COB-CLAIM-BALANCE', 'COB-LINE-BALANCE']);

const cases = BASES.flatMap((claim, b) => stringPaths(claim).map((path) => ({ b, path })));

describe('scrubber and guide minimum lengths: property', () => {
  it('every base claim is accepted and written without a guide error', () => {
    for (const claim of BASES) {
      const { outcome, files } = run(claim);
      expect(outcome.findings.filter((f) => f.severity === 'error'), `claim ${String(claim.claimId)}`).toEqual([]);
      expect(outcome.accepted).toBe(true);
      expect(guideErrors(files)).toEqual([]);
    }
  });

  it('one string field made adversarial: accepted means the 837 is valid, refused means the field is named', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), adversarial, ({ b, path }, value) => {
        const field = pathText(path);
        const { outcome, files } = run(withValue(BASES[b], path, value));
        if (outcome.accepted) expect(guideErrors(files), `${field} = ${JSON.stringify(value)} was accepted`).toEqual([]);
        else expect(namesField(outcome.findings, path), `${field} = ${JSON.stringify(value)} was refused for ${outcome.findings.map((f) => `${f.code} ${f.field}`).join(', ')}`).toBe(true);
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  }, 300_000);
});
