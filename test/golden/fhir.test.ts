/**
 * FHIR R4 intake, golden: the sample bundles in samples/fhir become 837s our validator accepts and whose
 * segments carry the bundle's values; bad bundles give problems with their FHIR path, and the good claims
 * of a bundle are still generated.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPipeline, read837, sequentialAllocator } from '../../src/claims/index.js';
import { allFindings, readX12 } from '../../src/guides/index.js';
import { generateCommand } from '../../src/cli/commands/generate.js';
import { claimsFromCsv, claimsFromFhirBundle, claimsFromFhirText, detectFormat, rejectedByTranslation } from '../../src/intake/index.js';
import { FHIR_MAPPING } from '../../src/intake/fhir/mapping.js';
import { partner } from '../unit/claims/fixtures.js';

const sample = (name: string) => readFileSync(new URL(`../../samples/fhir/${name}.json`, import.meta.url), 'utf8');

/** Translates and writes through the same pipeline `generate` uses; returns the 837 and the outcomes. */
function to837(claims: unknown[]): { text: string; accepted: boolean[] } {
  let text = '';
  const p = createPipeline({ partners: () => partner(), defaultPartnerId: 'test-clearinghouse', today: '2024-06-01', date: '20240601', time: '0930', allocator: sequentialAllocator(), openFile: () => ({ write: (t) => void (text += t), close() {} }) });
  const accepted = claims.map((c, index) => p.accept(c, { index }).accepted);
  p.end();
  return { text, accepted };
}

const segments = (text: string) => text.split('~').map((s) => s.trim()).filter(Boolean);
const valid = (text: string) => expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);

describe('FHIR R4 bundles → 837 (golden)', () => {
  it('professional: several items with modifiers, an NDC, a date range, rendering and referring, prior authorization', () => {
    const r = claimsFromFhirBundle(JSON.parse(sample('professional')));
    expect(r.problems).toEqual([]);
    const { text, accepted } = to837(r.claims.map((c) => c.claim));
    expect(accepted).toEqual([true]);
    valid(text);
    const s = segments(text);
    expect(s).toContain('NM1*85*2*SAMPLE FAMILY CLINIC*****XX*1234567893');
    expect(s).toContain('REF*EI*123456789');
    expect(s).toContain('N4*SPRINGFIELD*IL*627011234');
    expect(s).toContain('SBR*P*18*GRP778*ACME EMPLOYEES*****CI');
    expect(s).toContain('NM1*IL*1*MUNOZ*ANA*M***MI*ZQM123456');
    expect(s).toContain('DMG*D8*19750714*F');
    expect(s).toContain('NM1*PR*2*SAMPLE HEALTH PLAN*****PI*SHP01');
    expect(s).toContain('CLM*FHIR-P-1*263***11:B:1*Y*A*Y*Y');
    expect(s).toContain('REF*G1*PA778899');
    expect(s).toContain('HI*ABK:J069*ABF:R05*ABF:E119');
    expect(s).toContain('NM1*DN*1*JONES*MARY****XX*1456789019');
    expect(s).toContain('NM1*82*1*SMITH*JOHN****XX*1987654328');
    expect(s).toContain('PRV*PE*PXC*207Q00000X');
    expect(s).toContain('SV1*HC:99214:25*150*UN*1***1:2');
    expect(s).toContain('SV1*HC:J1815:JZ*42.5*UN*5***3');
    expect(s).toContain('LIN**N4*00002821501');
    expect(s).toContain('CTP****5*UN');
    expect(s).toContain('SV1*HC:94640:59:76*70.5*UN*2***2');
    expect(s).toContain('DTP*472*RD8*20240301-20240302');
  });

  it('dependent patient: the subscriber at 2000B, the child at 2000C with PAT*19', () => {
    const r = claimsFromFhirBundle(JSON.parse(sample('dependent')));
    expect(r.problems).toEqual([]);
    const { text, accepted } = to837(r.claims.map((c) => c.claim));
    expect(accepted).toEqual([true]);
    valid(text);
    const s = segments(text);
    expect(s).toContain('SBR*P**G-2040******CI');
    expect(s).toContain('NM1*IL*1*BELANGER*CLAIRE****MI*BEL445566');
    expect(s).toContain('HL*3*2*23*0');
    expect(s).toContain('PAT*19');
    expect(s).toContain('NM1*QC*1*BELANGER*LUC');
    expect(s).toContain('DMG*D8*20160903*M');
    expect(s).toContain('CLM*FHIR-D-1*95.5***11:B:1*Y*A*Y*Y');
    expect(s).toContain('HI*ABK:H6691');
  });

  it('institutional inpatient: type of bill, admission, discharge status, POA, admitting diagnosis, procedures, occurrence/value/condition codes', () => {
    const r = claimsFromFhirBundle(JSON.parse(sample('institutional-inpatient')));
    expect(r.problems).toEqual([]);
    const { text, accepted } = to837(r.claims.map((c) => c.claim));
    expect(accepted).toEqual([true]);
    valid(text);
    expect(text).toContain('ST*837*0001*005010X223A2');
    const s = segments(text);
    expect(s).toContain('CLM*FHIR-I-1*4200***11:A:1**A*Y*Y');
    expect(s).toContain('DTP*435*DT*202403010815');
    expect(s).toContain('DTP*434*RD8*20240301-20240304');
    expect(s).toContain('CL1*1*7*01');
    expect(s).toContain('REF*G1*AUTH-INP-55');
    expect(s).toContain('HI*ABK:I214:::::::Y');
    expect(s).toContain('HI*ABF:E119:::::::Y');
    expect(s).toContain('PRV*AT*PXC*207RC0000X');
    expect(s).toContain('HI*ABJ:R079');
    expect(s).toContain('HI*BBR:02703ZZ:D8:20240301');
    expect(s).toContain('HI*BH:11:D8:20240301');
    expect(s).toContain('HI*BE:80:::3');
    expect(s).toContain('HI*BG:09');
    expect(s).toContain('NM1*71*1*SMITH*ALEX****XX*1678901236');
    expect(s).toContain('SV2*0120**2400*DA*3');
    expect(s).toContain('SV2*0450*HC:99285*1800*UN*1');
  });

  it('the same claim written as our JSON, as CSV and as a FHIR bundle gives byte-identical 837s', () => {
    const fromFhir = claimsFromFhirBundle(JSON.parse(sample('dependent'))).claims.map((c) => c.claim);
    const csv = claimsFromCsv(readFileSync(new URL('../../samples/csv/claims.csv', import.meta.url), 'utf8'));
    expect(csv.problems).toEqual([]);
    const fromCsv = csv.claims.map((c) => c.claim);
    const json = {
      kind: 'professional', claimId: 'FHIR-D-1', totalCharge: '95.5', placeOfService: '11',
      billingProvider: { entity: 'organization', name: 'SAMPLE FAMILY CLINIC', npi: '1234567893', taxId: '123456789', address: { line1: '100 MAIN STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' } },
      subscriber: { responsibility: 'primary', name: { last: 'BELANGER', first: 'CLAIRE' }, memberId: 'BEL445566', groupNumber: 'G-2040', claimFilingIndicator: 'CI' },
      patient: { relationship: '19', name: { last: 'BELANGER', first: 'LUC' }, birthDate: '2016-09-03', gender: 'M', address: { line1: '8 BIRCH LANE', city: 'SPRINGFIELD', state: 'IL', postalCode: '62711' } },
      payer: { name: 'SAMPLE HEALTH PLAN', id: 'SHP01' },
      diagnoses: ['H6691'],
      lines: [{ procedureCode: '99213', charge: '95.5', units: '1', diagnosisPointers: [1], serviceDate: '2024-04-10' }],
    };
    const fromJson = to837([json]);
    expect(fromJson.accepted).toEqual([true]);
    expect(to837(fromFhir).text).toBe(fromJson.text);
    expect(to837(fromCsv).text).toBe(fromJson.text);
  });
});

describe('FHIR problems: each with its FHIR path and fix; the good claims still go', () => {
  const bundle = () => JSON.parse(sample('professional'));

  it('a reference that does not resolve', () => {
    const b = bundle();
    b.entry[0].resource.provider.reference = 'Organization/missing';
    const r = claimsFromFhirBundle(b);
    expect(r.claims).toEqual([]);
    expect(r.problems.map((p) => [p.path, p.severity, p.claimId])).toEqual([['Bundle.entry[0].resource.provider', 'error', 'FHIR-P-1']]);
    expect(r.problems[0].message).toBe('The reference does not lead to a Organization or Practitioner in the Bundle.');
    expect(r.problems[0].fix).toMatch(/^Add the Organization or Practitioner as an entry of the Bundle/);
  });

  it('a Claim without insurance, next to a good Claim: the good one is translated', () => {
    const b = bundle();
    const bad = structuredClone(b.entry[0]);
    bad.resource.identifier[0].value = 'FHIR-P-2';
    delete bad.resource.insurance;
    b.entry.push(bad);
    const r = claimsFromFhirBundle(b);
    expect(r.claims.map((c) => c.claim.claimId)).toEqual(['FHIR-P-1']);
    expect(r.problems.map((p) => [p.path, p.claimId])).toEqual([[`Bundle.entry[${b.entry.length - 1}].resource.insurance`, 'FHIR-P-2']]);
    expect(r.problems[0].fix).toMatch(/Claim\.insurance with focal = true/);
    expect(rejectedByTranslation(r).map((x) => [x.claimId, x.findings.map((f) => f.field)])).toEqual([['FHIR-P-2', [`Bundle.entry[${b.entry.length - 1}].resource.insurance`]]]);
  });

  it('missing identifiers name the resource they belong to (payer id, member id, NPI)', () => {
    const b = bundle();
    b.entry[4].resource.identifier = [];
    delete b.entry[2].resource.subscriberId;
    b.entry[3].resource.identifier = b.entry[3].resource.identifier.filter((i: { system: string }) => !i.system.endsWith('us-npi'));
    const paths = claimsFromFhirBundle(b).problems.map((p) => p.path).sort();
    expect(paths).toEqual(['Bundle.entry[2].resource.subscriberId', 'Bundle.entry[3].resource.identifier', 'Bundle.entry[4].resource.identifier']);
  });

  it('an item pointing to a diagnosis the claim does not have, and a Bundle with no Claim', () => {
    const b = bundle();
    b.entry[0].resource.item[1].diagnosisSequence = [9];
    expect(claimsFromFhirBundle(b).problems.map((p) => p.path)).toEqual(['Bundle.entry[0].resource.item[1].diagnosisSequence']);
    expect(claimsFromFhirBundle({ resourceType: 'Bundle', type: 'collection', entry: [] }).problems.map((p) => p.path)).toEqual(['Bundle.entry']);
    expect(claimsFromFhirBundle({ resourceType: 'Patient' }).problems[0].message).toBe('This is not a FHIR Bundle.');
  });

  it('NDJSON of bundles: paths carry the line', () => {
    const good = JSON.stringify(JSON.parse(sample('dependent')));
    const bad = JSON.parse(sample('dependent'));
    bad.entry[0].resource.insurance[0].coverage.reference = 'urn:uuid:nope';
    const r = claimsFromFhirText([good, JSON.stringify(bad), '{oops'].join('\n'));
    expect(r.claims.map((c) => [c.claim.claimId, c.line])).toEqual([['FHIR-D-1', 1]]);
    expect(r.problems.map((p) => p.path)).toEqual(['line 2: Bundle.entry[0].resource.insurance[0].coverage', 'line 3']);
  });

  it('detects FHIR by resourceType', () => {
    expect(detectFormat(sample('professional'))).toBe('fhir');
    expect(detectFormat('{"partnerId":"demo","claims":[]}')).toBe('claims');
    expect(detectFormat('{"kind":"professional"}\n')).toBe('claims');
    expect(detectFormat('claim_id,charge\n', 'export.CSV')).toBe('csv');
  });
});

describe('x12gw generate with FHIR input', () => {
  let dir: string;
  let out: string[];
  const partners = new URL('../../config/partners/', import.meta.url).pathname;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-fhir-'));
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects the bundle, generates the good claim, reports the bad one by FHIR path (exit 1)', async () => {
    const b = JSON.parse(sample('professional'));
    const bad = structuredClone(b.entry[0]);
    bad.resource.identifier[0].value = 'FHIR-P-2';
    delete bad.resource.insurance;
    b.entry.push(bad);
    const input = join(dir, 'export.json');
    writeFileSync(input, JSON.stringify(b));
    expect(await generateCommand(input, { partners, partner: 'demo', date: '2024-06-01T09:30:00Z' })).toBe(1);
    const report = out.join('');
    expect(report).toMatch(/REJECTED export\.json {2}claim FHIR-P-2\n {2}ERROR {3}Bundle\.entry\[7\]\.resource\.insurance: The Claim has no insurance/);
    expect(report).toContain('SENT WITH WARNINGS export.json Bundle.entry[0].resource claim FHIR-P-1');
    expect(report).toContain('2 claim(s) read, 1 generated, 1 rejected');
    expect(read837(readFileSync(join(dir, 'export.837'))).claims.map((c) => c.claimId)).toEqual(['FHIR-P-1']);
  });

  it('--from fhir reads a file whatever its name', async () => {
    const input = join(dir, 'export.txt');
    writeFileSync(input, sample('institutional-inpatient'));
    expect(await generateCommand(input, { partners, partner: 'demo', from: 'fhir', output: join(dir, 'out.837'), date: '2024-06-01T09:30:00Z' })).toBe(0);
    expect(read837(readFileSync(join(dir, 'out.837'))).claims.map((c) => c.claimId)).toEqual(['FHIR-I-1']);
  });
});

describe('docs/fhir-mapping.md', () => {
  it('lists every row of the mapping table the translator uses', () => {
    const doc = readFileSync(new URL('../../docs/fhir-mapping.md', import.meta.url), 'utf8');
    for (const row of FHIR_MAPPING) expect(doc, row.fhir).toContain(`| ${row.fhir} | ${row.claim} | ${row.x12} | ${row.note} |`);
  });
});
