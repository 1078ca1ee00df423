/**
 * The simulated payer answers a secondary 837 (issue 14 item 1 / item 4): the golden secondary claims of
 * samples/cob are read as the clearinghouse reads them (2320 AMT*D/AMT*EAF, 2430 SVD/CAS), answered with a
 * payment of part of what the primary left (80% of the primary's patient responsibility, 20% PR-2, the rest
 * OA-23), CLP02 = 2; the 835 written for them reads back balanced and posts to the secondary claims.
 */
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { readX12 } from '../../../src/guides/reader.js';
import { allFindings } from '../../../src/guides/index.js';
import { readRemittances } from '../../../src/remits/read-remittances.js';
import { answerClaim, isCoordinationClaim } from '../../../src/simulator/adjudicate.js';
import { claimsOf837, type ReceivedClaim } from '../../../src/simulator/received-claims.js';
import { write835 } from '../../../src/simulator/responses.js';

const dir = new URL('../../../samples/cob/', import.meta.url).pathname;

function received(file: string): ReceivedClaim[] {
  const got: ReceivedClaim[] = [];
  readX12(readFileSync(dir + file, 'utf8'), {
    buildTree: true,
    onTransaction: (tree, ctx) => {
      if (tree && ctx.guide?.map.id.startsWith('837')) got.push(...claimsOf837(tree, ctx.transaction.controlNumber).claims);
    },
  });
  return got;
}

const envelope = { senderId: 'SIM', receiverId: 'GW', senderCode: 'SIM', receiverCode: 'GW', interchangeControl: 7, groupControl: 7, date: '20240402', time: '1200', usage: 'T' as const };

describe('the simulated secondary payer', () => {
  it('reads the earlier payer from the 2320 / 2430 loops', () => {
    const [p1001, p1004] = received('professional.secondary.837');
    expect(p1001.responsibility).toBe('S');
    expect(p1001.priorPayers).toEqual([
      { responsibility: 'P', payerId: 'SHP01', paid: '100', remainingPatientLiability: '20' },
      { responsibility: 'T', payerId: 'TER03' },
    ]);
    expect(p1001.lines.map((l) => l.priorPayers)).toEqual([[{ payerId: 'SHP01', paid: '80', patientShare: '20.00' }], [{ payerId: 'SHP01', paid: '20', patientShare: '0.00' }]]);
    expect(isCoordinationClaim(p1001) && isCoordinationClaim(p1004)).toBe(true);
  });

  for (const kind of ['professional', 'institutional', 'dental']) {
    it(`${kind}: pays 80% of what the primary left, line by line, and the 835 balances`, () => {
      const claims = received(`${kind}.secondary.837`);
      const answers = claims.flatMap((c) => answerClaim(c, new Map()));
      expect(answers.map((a) => a.status)).toEqual(claims.map(() => '2'));
      for (const a of answers) {
        const left = new Decimal(a.claim.priorPayers!.find((p) => p.responsibility === 'P')!.remainingPatientLiability!);
        expect(a.paid.equals(left.times(0.8).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)), `${a.claim.patientControlNumber} pays 80% of ${left}`).toBe(true);
        for (const l of a.lines) expect(l.paid.plus(l.adjustments.reduce((s, x) => s.plus(x.amount), new Decimal(0))).equals(l.charge)).toBe(true);
      }
      const text = write835({ envelope, payer: { id: 'SEC02', name: 'SIMULATED PAYER SEC02' }, payee: { name: 'CLINIC', npi: '1234567893' }, traceNumber: 'SIMCOB1', claims: answers, providerAdjustments: [] });
      const { report, remittances } = readRemittances(Buffer.from(text));
      expect(allFindings(report).filter((f) => f.severity === 'error')).toEqual([]);
      expect(remittances[0].balance.balanced).toBe(true);
      expect(remittances[0].claims.map((c) => [c.patientControlNumber, c.status])).toEqual(claims.map((c) => [c.patientControlNumber, '2']));
    });
  }

  it('a primary claim that only lists further coverage (2320 without AMT*D) is adjudicated as a primary', () => {
    // The same claim as if it were the primary's: SBR01 P, and no earlier payer has paid.
    const primary = received('professional.secondary.837')[0];
    primary.responsibility = 'P';
    primary.priorPayers = primary.priorPayers!.map((p) => ({ responsibility: p.responsibility, payerId: p.payerId }));
    expect(isCoordinationClaim(primary)).toBe(false);
    expect(answerClaim(primary, new Map())[0].status).not.toBe('2');
  });
});
