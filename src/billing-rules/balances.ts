/**
 * What the patient owes after insurance, split the way a statement shows it (pure, decimal.js):
 * PR-1 deductible, PR-2 coinsurance, PR-3 copay, and everything else in group PR (PR-96 non-covered,
 * PR-204 not covered under the benefit plan, ...) as non-covered.
 */
import { Decimal } from 'decimal.js';

export interface PatientShare {
  deductible: string;
  coinsurance: string;
  copay: string;
  nonCovered: string;
  total: string;
}

export function patientShare(adjustments: ReadonlyArray<{ group_code: string; reason_code: string; amount: string }>): PatientShare {
  const sums = { deductible: new Decimal(0), coinsurance: new Decimal(0), copay: new Decimal(0), nonCovered: new Decimal(0) };
  for (const a of adjustments) {
    if (a.group_code !== 'PR') continue;
    const key = a.reason_code === '1' ? 'deductible' : a.reason_code === '2' ? 'coinsurance' : a.reason_code === '3' ? 'copay' : 'nonCovered';
    sums[key] = sums[key].plus(a.amount);
  }
  const total = sums.deductible.plus(sums.coinsurance).plus(sums.copay).plus(sums.nonCovered);
  return { deductible: sums.deductible.toFixed(2), coinsurance: sums.coinsurance.toFixed(2), copay: sums.copay.toFixed(2), nonCovered: sums.nonCovered.toFixed(2), total: total.toFixed(2) };
}

export function addShares(a: PatientShare, b: PatientShare): PatientShare {
  const add = (x: string, y: string) => new Decimal(x).plus(y).toFixed(2);
  return { deductible: add(a.deductible, b.deductible), coinsurance: add(a.coinsurance, b.coinsurance), copay: add(a.copay, b.copay), nonCovered: add(a.nonCovered, b.nonCovered), total: add(a.total, b.total) };
}

export const ZERO_SHARE: PatientShare = { deductible: '0.00', coinsurance: '0.00', copay: '0.00', nonCovered: '0.00', total: '0.00' };

/** A stable, non-identifying key for a patient (for links): member id + name, hashed by the caller. */
export function patientKeySource(data: { subscriber?: { memberId?: string; name?: { last?: string; first?: string } }; patient?: { name?: { last?: string; first?: string } } }): string {
  const who = data.patient?.name ?? data.subscriber?.name ?? {};
  return [data.subscriber?.memberId ?? '', who.last ?? '', who.first ?? ''].join('|').toUpperCase();
}
