/**
 * The next payer's claim from an 835 (src/claims/cob): further coverage, tertiary after secondary, held
 * claims naming the missing field, and the derived claim id.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Batch, Claim, scrubClaim, blocks } from '../../../src/claims/index.js';
import { hasFurtherCoverage } from '../../../src/claims/cob/further-coverage.js';
import type { PayerAnswer } from '../../../src/claims/cob/payer-answer.js';
import { nextClaimId, nextPayerClaimFrom835 } from '../../../src/claims/cob/secondary-from-835.js';

const batch = Batch.parse(JSON.parse(readFileSync(new URL('../../../samples/cob/professional.primary.json', import.meta.url), 'utf8')));
/** P-1001: two lines (P1001-A 125, P1001-B 50), secondary and tertiary coverage. */
const p1001 = () => Claim.parse(structuredClone(batch.claims[0]));

const primaryAnswer = (): PayerAnswer => ({
  patientControlNumber: 'P-1001',
  billed: '175',
  paid: '100',
  patientResponsibility: '20',
  payerClaimNumber: 'PRIMP1001',
  adjudicationDate: '2024-03-20',
  adjustments: [],
  lines: [
    { lineControl: 'P1001-A', procedureCode: '99213', modifiers: ['25'], units: '1', charge: '125', paid: '80', adjustments: [{ group: 'CO', reason: '45', amount: '25' }, { group: 'PR', reason: '2', amount: '20' }] },
    { lineControl: 'P1001-B', procedureCode: '87880', modifiers: [], charge: '50', paid: '20', adjustments: [{ group: 'CO', reason: '45', amount: '30' }] },
  ],
});

describe('further coverage', () => {
  it('a primary claim with a not-yet-billed secondary has further coverage; one without does not', () => {
    expect(hasFurtherCoverage(p1001())).toBe(true);
    const alone = p1001();
    alone.otherPayers = [];
    expect(hasFurtherCoverage(alone)).toBe(false);
    expect(nextPayerClaimFrom835(alone, primaryAnswer())).toEqual({ status: 'none' });
  });
});

describe('tertiary from the secondary\'s 835', () => {
  it('both earlier payers in otherPayers, each with its own amounts; the claim balances for the scrubber', () => {
    const secondary = nextPayerClaimFrom835(p1001(), primaryAnswer());
    expect(secondary.status).toBe('built');
    if (secondary.status !== 'built') return;
    expect(hasFurtherCoverage(secondary.claim)).toBe(true);
    const answer: PayerAnswer = {
      patientControlNumber: 'P-1001-S',
      billed: '175',
      paid: '15',
      patientResponsibility: '5',
      adjudicationDate: '2024-04-02',
      adjustments: [],
      lines: [
        { lineControl: 'P1001-A', procedureCode: '99213', modifiers: ['25'], units: '1', charge: '125', paid: '15', adjustments: [{ group: 'CO', reason: '45', amount: '25' }, { group: 'OA', reason: '23', amount: '80' }, { group: 'PR', reason: '2', amount: '5' }] },
        { lineControl: 'P1001-B', procedureCode: '87880', charge: '50', paid: '0', adjustments: [{ group: 'CO', reason: '45', amount: '30' }, { group: 'OA', reason: '23', amount: '20' }] },
      ],
    };
    // The secondary's OA-23 is the primary's payment: 125 = 15 + 25 + 80 + 5, 50 = 0 + 30 + 20.
    const tertiary = nextPayerClaimFrom835(secondary.claim, answer);
    expect(tertiary.status).toBe('built');
    if (tertiary.status !== 'built') return;
    const c = tertiary.claim;
    expect([c.claimId, c.subscriber.responsibility, c.subscriber.memberId, c.payer.id]).toEqual(['P-1001-S-T', 'tertiary', 'TER0001', 'TER03']);
    expect(c.otherPayers.map((o) => [o.responsibility, o.payer.id, o.paidAmount, o.remainingPatientLiability])).toEqual([
      ['primary', 'SHP01', '100', '20'],
      ['secondary', 'SEC02', '15', '5'],
    ]);
    expect(c.otherPayers[1].lineAdjudications[0].adjustments).toEqual([{ group: 'CO', reason: '45', amount: '25' }, { group: 'OA', reason: '23', amount: '80' }, { group: 'PR', reason: '2', amount: '5' }]);
    expect(c.otherPayers[1].lineAdjudications.map((l) => [l.line, l.paidAmount, l.adjudicationDate, l.remainingPatientLiability])).toEqual([
      [1, '15', '2024-04-02', '5'],
      [2, '0', '2024-04-02', undefined],
    ]);
    expect(hasFurtherCoverage(c)).toBe(false);
    const findings = scrubClaim(c, { today: '2024-06-01' });
    expect(findings.filter((f) => f.code.startsWith('COB-'))).toEqual([]);
    expect(blocks(findings)).toBe(false);
  });
});

describe('held, naming the missing field (a value, not a throw)', () => {
  it('no member id for the secondary', () => {
    const claim = p1001();
    claim.otherPayers[0].subscriber.memberId = ' ';
    const r = nextPayerClaimFrom835(claim, primaryAnswer());
    expect(r.status).toBe('held');
    if (r.status === 'held') expect(r.missing.map((m) => m.field)).toEqual(['$.otherPayers[0].subscriber.memberId']);
  });

  it('no payer id and no filing indicator', () => {
    const claim = p1001();
    claim.otherPayers[0].payer.id = '  ';
    claim.otherPayers[0].claimFilingIndicator = '';
    const r = nextPayerClaimFrom835(claim, primaryAnswer());
    expect(r.status === 'held' && r.missing.map((m) => m.field)).toEqual(['$.otherPayers[0].payer.id', '$.otherPayers[0].claimFilingIndicator']);
  });

  it('an 835 line that matches no claim line, and the claim line it leaves unanswered', () => {
    const answer = primaryAnswer();
    answer.lines[1].lineControl = 'SOMEONE-ELSES';
    const r = nextPayerClaimFrom835(p1001(), answer);
    expect(r.status === 'held' && r.missing.map((m) => m.field)).toEqual(['$.answer.lines[1]', '$.lines[1]']);
  });

  it('an 835 that does not balance, and one without any date', () => {
    const answer = primaryAnswer();
    answer.paid = '90';
    delete answer.adjudicationDate;
    const r = nextPayerClaimFrom835(p1001(), answer);
    expect(r.status === 'held' && r.missing.map((m) => m.field)).toEqual(['$.answer.adjudicationDate', '$.answer.paid']);
  });

  it('a dependant at the next payer whose birth date we do not have', () => {
    const claim = p1001();
    claim.otherPayers[0].relationship = '19';
    delete claim.subscriber.birthDate;
    const r = nextPayerClaimFrom835(claim, primaryAnswer());
    expect(r.status === 'held' && r.missing.map((m) => m.field)).toEqual(['$.subscriber.birthDate']);
  });

  it('lines matched by position when the payer did not echo REF*6R', () => {
    const answer = primaryAnswer();
    for (const l of answer.lines) delete l.lineControl;
    expect(nextPayerClaimFrom835(p1001(), answer).status).toBe('built');
  });
});

describe('the derived claim id', () => {
  it('is the original with -S / -T, at most 38 characters, deterministic', () => {
    expect(nextClaimId('P-1001', 'secondary')).toBe('P-1001-S');
    const long = 'X'.repeat(38);
    const a = nextClaimId(long, 'secondary');
    expect(a.length).toBe(38);
    expect(a).toMatch(/^X{28}[0-9A-F]{8}-S$/);
    expect(nextClaimId(long, 'secondary')).toBe(a);
    expect(nextClaimId('X'.repeat(37) + 'Y', 'secondary')).not.toBe(a);
  });
});

describe('837I lines the payer adjudicated by revenue code only (SVC01 NU)', () => {
  it('carry no SVD procedure (situational on the 837I), while 837P lines fall back to the billed procedure', () => {
    const inst = Batch.parse(JSON.parse(readFileSync(new URL('../../../samples/cob/institutional.primary.json', import.meta.url), 'utf8')));
    const claim = Claim.parse(inst.claims[1]); // I-2002: 0450 / 99284 980, 0320 / 73090 450
    const answer: PayerAnswer = {
      patientControlNumber: claim.claimId,
      billed: '1430',
      paid: '1000',
      patientResponsibility: '100',
      adjudicationDate: '2024-03-20',
      adjustments: [],
      lines: [
        { lineControl: '1', procedureQualifier: 'NU', charge: '980', paid: '700', adjustments: [{ group: 'CO', reason: '45', amount: '180' }, { group: 'PR', reason: '2', amount: '100' }] },
        { lineControl: '2', procedureQualifier: 'HC', procedureCode: '73090', modifiers: ['RT'], charge: '450', paid: '300', adjustments: [{ group: 'CO', reason: '45', amount: '150' }] },
      ],
    };
    const r = nextPayerClaimFrom835(claim, answer);
    expect(r.status).toBe('built');
    if (r.status !== 'built') return;
    const primary = r.claim.otherPayers.find((o) => o.responsibility === 'primary')!;
    expect(primary.lineAdjudications.map((l) => [l.procedureCode, l.modifiers])).toEqual([
      [undefined, []],
      ['73090', ['RT']],
    ]);
    const p = primaryAnswer();
    delete p.lines[1].procedureCode;
    const built = nextPayerClaimFrom835(p1001(), p);
    expect(built.status === 'built' && built.claim.otherPayers.find((o) => o.responsibility === 'primary')!.lineAdjudications[1].procedureCode).toBe('87880');
  });
});
