import { describe, expect, it } from 'vitest';
import { createBatchWriter, type ControlNumberAllocator, type OutputFile, PartnerProfile } from '../../../src/claims/index.js';
import { sequentialAllocator } from '../../../src/claims/partner.js';
import type { Claim, ClaimInput } from '../../../src/claims/model.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { tokenize, type Segment } from '../../../src/x12/tokenizer.js';
import { dentalInput, institutionalInput, parseClaim, partner, professionalInput, secondaryInput } from './fixtures.js';

function generate(claims: Claim[], options: { partner?: PartnerProfile; allocator?: ControlNumberAllocator } = {}) {
  const files: Array<{ info: OutputFile; text: string; closed: boolean }> = [];
  const w = createBatchWriter({
    partner: options.partner ?? partner(),
    date: '20240601',
    time: '0930',
    allocator: options.allocator ?? sequentialAllocator(),
    openFile: (info) => {
      const f = { info, text: '', closed: false };
      files.push(f);
      return { write: (t) => void (f.text += t), close: () => void (f.closed = true) };
    },
  });
  const refused = claims.map((c) => w.add(c));
  const written = w.end();
  return { files, written, refused };
}

const segmentsOf = (text: string) => tokenize(text).segments;
const ids = (segs: Segment[], id: string) => segs.filter((s) => s.id === id);
const child = { relationship: '19', name: { last: 'DOE', first: 'SAM' }, birthDate: '2015-07-04', gender: 'M' as const, address: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' } };
const forChild = (input: ClaimInput, claimId: string): ClaimInput => {
  const c = structuredClone(input) as ClaimInput & { subscriber: Record<string, unknown> };
  delete c.subscriber.birthDate;
  delete c.subscriber.gender;
  delete c.subscriber.address;
  return { ...c, claimId, patient: structuredClone(child) } as ClaimInput;
};

describe('837 batch writer', () => {
  it('a claim refused for a delimiter late in its claim loop leaves nothing in the claims written after it', () => {
    // Issue 12, round 9: claim text is built in one reused array; a refused claim's pieces must not reach the next.
    const long = parseClaim(professionalInput({ claimId: 'BAD1' }));
    if (long.kind !== 'professional') throw new Error('professionalInput gives a professional claim');
    long.lines = Array.from({ length: 40 }, (_, i) => ({ ...long.lines[0], note: i === 39 ? 'HAS*STAR' : `NOTE ${i}` }));
    const good = parseClaim(professionalInput({ claimId: 'GOOD1' }));
    const withRefused = generate([long, good]);
    expect(withRefused.refused[0]).toEqual({ segmentId: 'NTE', element: 2, character: '*' });
    expect(withRefused.refused[1]).toBeUndefined();
    expect(withRefused.files.map((f) => f.text)).toEqual(generate([good]).files.map((f) => f.text));
  });

  it('groups claims under shared billing provider, subscriber and patient HLs with correct parents and child codes', () => {
    const claims = [professionalInput({ claimId: 'A1' }), forChild(professionalInput(), 'C1'), professionalInput({ claimId: 'A2' }), forChild(professionalInput(), 'C2')].map(parseClaim);
    const segs = segmentsOf(generate(claims).files[0].text);
    const hl = ids(segs, 'HL').map((s) => s.elements.slice(1, 5));
    // 2000A, 2000B (subscriber is patient: A1, A2), 2000B (parent of the child), 2000C (the child: C1, C2)
    expect(hl).toEqual([
      ['1', '', '20', '1'],
      ['2', '1', '22', '0'],
      ['3', '1', '22', '1'],
      ['4', '3', '23', '0'],
    ]);
    const order = segs.filter((s) => s.id === 'HL' || s.id === 'CLM').map((s) => (s.id === 'HL' ? `HL${s.elements[1]}` : s.elements[1]));
    expect(order).toEqual(['HL1', 'HL2', 'A1', 'A2', 'HL3', 'HL4', 'C1', 'C2']);
    // SBR02 = 18 only where the subscriber is the patient; DMG of the subscriber only there.
    expect(ids(segs, 'SBR').map((s) => s.elements[2] ?? '')).toEqual(['18', '']);
    expect(ids(segs, 'PAT').map((s) => s.elements[1])).toEqual(['19']);
  });

  it('starts a new billing provider HL for a different provider', () => {
    const other = professionalInput({ claimId: 'B1' }) as ClaimInput & { billingProvider: { name: string } };
    other.billingProvider.name = 'OTHER CLINIC';
    const segs = segmentsOf(generate([professionalInput(), other].map(parseClaim)).files[0].text);
    expect(ids(segs, 'HL').filter((s) => s.elements[3] === '20')).toHaveLength(2);
  });

  it('splits by the partner limits and takes every control number from the allocator', () => {
    const limited = PartnerProfile.parse({ ...partner(), limits: { maxClaimsPerTransaction: 2, maxClaimsPerFile: 3 } });
    const calls: string[] = [];
    const base = sequentialAllocator({ interchange: 500, group: 700 });
    const allocator: ControlNumberAllocator = {
      interchange: (p) => (calls.push('isa'), base.interchange(p)),
      group: (p) => (calls.push('gs'), base.group(p)),
      transaction: (p, g) => (calls.push('st'), base.transaction(p, g)),
    };
    const claims = Array.from({ length: 7 }, (_, i) => parseClaim(professionalInput({ claimId: `C${i}` })));
    const { files, written } = generate(claims, { partner: limited, allocator });
    expect(files.map((f) => f.closed)).toEqual([true, true, true]);
    expect(written.map((f) => [f.interchangeControlNumber, f.claims, f.transactions])).toEqual([
      [500, 3, 2],
      [501, 3, 2],
      [502, 1, 1],
    ]);
    expect(calls.filter((c) => c === 'isa')).toHaveLength(3);
    const first = segmentsOf(files[0].text);
    expect(first[0].elements[13]).toBe('000000500');
    expect(ids(first, 'GS').map((s) => s.elements[6])).toEqual(['700']);
    expect(ids(first, 'ST').map((s) => s.elements[2])).toEqual(['0001', '0002']);
    expect(ids(first, 'CLM').map((s) => s.elements[1])).toEqual(['C0', 'C1', 'C2']);
    for (const f of files) expect(allFindings(readX12(f.text))).toEqual([]);
  });

  it('writes one functional group per run of claim kinds, each with its guide version', () => {
    const { files } = generate([professionalInput(), institutionalInput(), dentalInput()].map(parseClaim));
    const segs = segmentsOf(files[0].text);
    expect(ids(segs, 'GS').map((s) => s.elements[8])).toEqual(['005010X222A1', '005010X223A2', '005010X224A2']);
    expect(ids(segs, 'ST').map((s) => s.elements[3])).toEqual(['005010X222A1', '005010X223A2', '005010X224A2']);
  });

  it('writes REF*6R line control numbers unique in each claim (the line number unless given)', () => {
    const c = professionalInput() as ClaimInput & { lines: Array<{ lineControlNumber?: string }> };
    c.lines[1].lineControlNumber = 'LINE-B';
    const segs = segmentsOf(generate([parseClaim(c)]).files[0].text);
    expect(ids(segs, 'REF').filter((s) => s.elements[1] === '6R').map((s) => s.elements[2])).toEqual(['1', 'LINE-B']);
  });

  it('writes the COB loops of a secondary claim: 2320 SBR/AMT/OI, 2330A/B, and 2430 SVD/CAS/DTP*573 per line', () => {
    const segs = segmentsOf(generate([parseClaim(secondaryInput())]).files[0].text);
    const text = segs.map((s) => s.elements.join('*')).join('\n');
    expect(text).toContain('SBR*S*18*GRP100******CI');
    expect(text).toContain('SBR*P*18*******CI');
    expect(text).toContain('AMT*D*100');
    expect(text).toContain('OI***Y***Y');
    expect(text).toContain('NM1*PR*2*SAMPLE HEALTH PLAN*****PI*SHP01');
    expect(text).toContain('REF*F8*PAYERCLM777');
    expect(ids(segs, 'SVD').map((s) => s.elements.slice(1).join('*'))).toEqual(['SHP01*80*HC:99213:25**1', 'SHP01*20*HC:87880**1']);
    expect(ids(segs, 'CAS').map((s) => s.elements.slice(1).join('*'))).toEqual(['CO*45*25', 'PR*2*20', 'CO*45*30']);
    expect(ids(segs, 'DTP').filter((s) => s.elements[1] === '573')).toHaveLength(2);
  });

  it('leaves out situational segments whose data is absent and writes them when present', () => {
    const plain = segmentsOf(generate([parseClaim(professionalInput())]).files[0].text);
    for (const [id, q] of [['REF', 'G1'], ['REF', 'F8'], ['NM1', 'DN'], ['NM1', '82'], ['DTP', '439'], ['NTE', 'ADD'], ['LIN', '']]) {
      expect(plain.some((s) => s.id === id && (q === '' || s.elements[1] === q)), `${id}*${q} absent`).toBe(false);
    }
    const rich = professionalInput({ claimId: 'R1', frequency: '7', originalClaimNumber: 'ORIG9', priorAuthorization: 'AUTH1', accidentDate: '2024-02-01', relatedCauses: { otherAccident: true }, note: 'NOTE' } as Partial<ClaimInput>);
    const segs = segmentsOf(generate([parseClaim(rich)]).files[0].text);
    const clm = ids(segs, 'CLM')[0];
    expect(clm.elements[5]).toBe('11:B:7');
    expect(clm.elements[11]).toBe('OA');
    for (const [id, q] of [['REF', 'G1'], ['REF', 'F8'], ['DTP', '439'], ['NTE', 'ADD']]) expect(segs.some((s) => s.id === id && s.elements[1] === q), `${id}*${q}`).toBe(true);
  });

  it('leaves out a rendering provider equal to the billing provider and a line place of service equal to the claim\'s (the guide: do not send)', () => {
    const c = dentalInput() as ClaimInput & { renderingProvider: { npi: string }; billingProvider: { npi: string }; lines: Array<{ placeOfService?: string }> };
    c.lines[0].placeOfService = '11';
    c.lines[1].placeOfService = '22';
    const apart = segmentsOf(generate([parseClaim(c)]).files[0].text);
    expect(apart.some((s) => s.id === 'NM1' && s.elements[1] === '82')).toBe(true);
    expect(ids(apart, 'SV3').map((s) => s.elements[3] ?? '')).toEqual(['', '22']);
    c.renderingProvider.npi = c.billingProvider.npi;
    const same = segmentsOf(generate([parseClaim(c)]).files[0].text);
    expect(same.some((s) => s.id === 'NM1' && s.elements[1] === '82')).toBe(false);
  });

  it('refuses a claim whose value holds a delimiter before writing any of it, and keeps the others', () => {
    const bad = professionalInput({ claimId: 'BAD' }) as ClaimInput & { payer: { name: string } };
    bad.payer.name = 'PLAN~ONE';
    const { files, refused } = generate([parseClaim(bad), parseClaim(professionalInput())]);
    expect(refused[0]).toEqual({ segmentId: 'NM1', element: 3, character: '~' });
    expect(refused[1]).toBeUndefined();
    expect(ids(segmentsOf(files[0].text), 'CLM').map((s) => s.elements[1])).toEqual(['P-1001']);
    expect(allFindings(readX12(files[0].text))).toEqual([]);
  });

  it('writes amounts from decimal strings without trailing zeros', () => {
    const c = professionalInput({ totalCharge: '175.50' } as Partial<ClaimInput>) as ClaimInput & { lines: Array<{ charge: string }> };
    c.lines[0].charge = '125.50';
    const segs = segmentsOf(generate([parseClaim(c)]).files[0].text);
    expect(ids(segs, 'CLM')[0].elements[2]).toBe('175.5');
    expect(ids(segs, 'SV1')[0].elements[2]).toBe('125.5');
  });
});
