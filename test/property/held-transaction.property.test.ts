/**
 * Issue 12: the batch writer holds a transaction set's claims as text, grouped as they arrive
 * (`createHeldTransaction` / `writeHeldBody`), instead of holding every prepared claim and grouping at the
 * end (`groupClaims` / `writeTransactionBody`). Over random claim sets — claims of a few billing providers,
 * subscribers and patients in random order, more claims of one subscriber or patient than a level may
 * carry, different delimiters and line endings — both must write the same bytes, and the whole batch
 * writer (several transaction sets and files) must write 837s our validator accepts with every claim once.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Claim, type ClaimInput } from '../../src/claims/model.js';
import { createBatchWriter } from '../../src/claims/batch-writer.js';
import { sequentialAllocator } from '../../src/claims/partner.js';
import { prepareClaim } from '../../src/claims/write/prepare.js';
import { createHeldTransaction, writeHeldBody } from '../../src/claims/write/held-transaction.js';
import { writeTransactionBody, type TransactionHeader } from '../../src/claims/write/transaction.js';
import { DEFAULT_DELIMITERS, type Delimiters } from '../../src/x12/delimiters.js';
import { X12Writer } from '../../src/x12/writer.js';
import { isValid, readX12 } from '../../src/guides/reader.js';
import { read837 } from '../../src/claims/index.js';
import { dentalInput, institutionalInput, partner, professionalInput } from '../unit/claims/fixtures.js';

const makers = { professional: professionalInput, institutional: institutionalInput, dental: dentalInput };
const patients = [
  undefined,
  { relationship: '19', name: { last: 'DOE', first: 'SAM' }, birthDate: '2015-07-04', gender: 'M' as const, address: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' } },
  { relationship: '01', name: { last: 'DOE', first: 'PAT' }, birthDate: '1979-02-03', gender: 'M' as const, address: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' } },
];
const delimiterSets: Delimiters[] = [DEFAULT_DELIMITERS, { element: '|', repetition: '!', component: '>', segment: '~' }];

/** Claim n of a random set: one of `providers` billing providers, `subscribers` subscribers, a patient or none. */
function claimOf(kind: keyof typeof makers, n: number, provider: number, subscriber: number, patient: number): Claim {
  const c = makers[kind]({ claimId: `R-${n}` }) as ClaimInput & Record<string, any>;
  c.billingProvider.name = `CLINIC ${provider}`;
  c.subscriber.memberId = `MBR${subscriber}`;
  const p = patients[patient];
  if (p) {
    delete c.subscriber.birthDate;
    delete c.subscriber.gender;
    delete c.subscriber.address;
    c.patient = structuredClone(p);
  }
  return Claim.parse(c);
}

const claimSet = fc
  .record({
    kind: fc.constantFrom('professional', 'institutional', 'dental' as const),
    picks: fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.nat(2)), { maxLength: 40 }),
    // A run of claims of one subscriber (or patient) long enough to need several levels.
    run: fc.option(fc.tuple(fc.integer({ min: 1, max: 230 }), fc.nat(2)), { nil: undefined }),
    maxClaimsPerLevel: fc.constantFrom(1, 2, 3, 100),
    delimiters: fc.constantFrom(...delimiterSets),
    lineEnding: fc.constantFrom('', '\n', '\r\n'),
  })
  .map((r) => {
    const picks = [...r.picks];
    if (r.run) for (let i = 0; i < r.run[0]; i++) picks.splice(Math.min(picks.length, i % 7), 0, [0, 0, r.run[1]]);
    return { ...r, claims: picks.map(([b, s, p], n) => claimOf(r.kind as keyof typeof makers, n, b, s, p)) };
  });

const header: TransactionHeader = { reference: '1-1-0001', date: '20240601', time: '0930', submitter: partner().submitter, receiver: partner().receiver };

describe('held transaction set (text grouped as claims arrive)', () => {
  it('writes the same bytes as writeTransactionBody over the prepared claims', () => {
    fc.assert(
      fc.property(claimSet, ({ claims, maxClaimsPerLevel, delimiters, lineEnding }) => {
        const prepared = claims.map(prepareClaim);
        let expected = '';
        const w = new X12Writer((t) => void (expected += t), delimiters, lineEnding);
        writeTransactionBody(w, header, prepared, maxClaimsPerLevel);
        const expectedCount = expected.split(delimiters.segment).length - 1;

        const held = createHeldTransaction({ delimiters, lineEnding, keepClaims: true });
        for (const p of prepared) held.add(p);
        let actual = '';
        const count = writeHeldBody((t) => void (actual += t), held, header, { delimiters, lineEnding, maxClaimsPerLevel });
        expect(actual).toBe(expected);
        expect(count).toBe(expectedCount);
        expect(held.size).toBe(claims.length);
        expect(held.claims).toEqual(claims);
      }),
      { numRuns: 150 },
    );
  });

  it('the batch writer over several transaction sets and files: valid 837s, every claim once, in SE01/GE01/IEA01 counts the validator checks', () => {
    fc.assert(
      fc.property(claimSet, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 120 }), ({ claims, lineEnding }, perTransaction, perFile) => {
        const texts: string[] = [];
        const where: string[] = [];
        const profile = { ...partner(), lineEnding: lineEnding as '' | '\n' | '\r\n', limits: { maxClaimsPerTransaction: perTransaction, maxClaimsPerFile: Math.max(perTransaction, perFile) } };
        const w = createBatchWriter({
          partner: profile,
          date: '20240601',
          time: '0930',
          allocator: sequentialAllocator(),
          openFile: () => {
            texts.push('');
            const i = texts.length - 1;
            return { write: (t) => void (texts[i] += t), close() {} };
          },
          onClaimWritten: (c, at) => where.push(`${c.claimId}@${at.file}.${at.transaction}`),
        });
        for (const c of claims) expect(w.add(c)).toBeUndefined();
        const files = w.end();
        expect(files.map((f) => f.bytes)).toEqual(texts.map((t) => t.length));
        const ids: string[] = [];
        for (const text of texts) {
          expect(isValid(readX12(text))).toBe(true);
          ids.push(...read837(Buffer.from(text)).claims.map((c) => c.claimId));
        }
        expect(ids.sort()).toEqual(claims.map((c) => c.claimId).sort());
        expect(where.map((x) => x.split('@')[0]).sort()).toEqual(claims.map((c) => c.claimId).sort());
      }),
      { numRuns: 40 },
    );
  });
});
