/**
 * Checks a finished run against what the simulated clearinghouse actually received and sent:
 * every claim accounted for, each in exactly one interchange, each 835 posted once, ledger money equal
 * to the 835s' money to the cent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { expect } from 'vitest';
import { readX12 } from '../../src/guides/reader.js';
import { flattenTree } from '../../src/guides/tree.js';
import type { Ledger } from '../../src/ledger/ledger.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { parseResponse } from '../../src/gateway/read-responses.js';

export interface RunFacts {
  claimsInLedger: number;
  notFinal: number;
  /** CLM01s the clearinghouse accepted in more than one distinct interchange. */
  inTwoInterchanges: string[];
  /** CLM01s received by the clearinghouse. */
  received: number;
  interchangesReceived: number;
  duplicatesDropped: number;
  /** Re-sent interchanges whose bytes differ from the first copy (a retry must send the same bytes). */
  duplicatesDiffering: number;
  remittancesSent: number;
  remittancesPosted: number;
  /** Sum of CLP04 over every 835 the clearinghouse sent, and what the ledger posted. */
  sentPaid: string;
  postedPaid: string;
  sentPatient: string;
  postedPatient: string;
  sentBpr: string;
  postedBpr: string;
  claimsWithTwoPayments: string[];
  /** Claims with more than one 277CA status row, transaction sets with more than one 999 verdict. */
  claimsWithTwoStatuses: string[];
  setsWithTwoAcks: string[];
  /** Claims that reached the clearinghouse but have no 277CA status row. */
  claimsWithoutStatus: number;
  ledgerProblems: string[];
}

export async function verifyRun(ledger: Ledger, simDir: string): Promise<RunFacts> {
  const claims = await ledger.listClaims();
  // What the clearinghouse received (processed/, duplicates excluded: it dropped those).
  const processed = join(simDir, 'processed');
  const byPcn = new Map<string, Set<string>>();
  let interchanges = 0;
  let duplicates = 0;
  let differing = 0;
  for (const name of readdirSync(processed)) {
    if (name.includes('.duplicate-')) {
      duplicates++;
      const original = name.slice(0, name.indexOf('.duplicate-'));
      if (!readFileSync(join(processed, name)).equals(readFileSync(join(processed, original)))) differing++;
      continue;
    }
    interchanges++;
    readX12(readFileSync(join(processed, name)), {
      buildTree: true,
      onTransaction: (root, ctx) => {
        if (!root) return;
        for (const s of flattenTree(root)) {
          if (s.id !== 'CLM') continue;
          const set = byPcn.get(s.elements[1]) ?? new Set<string>();
          set.add(ctx.interchange.controlNumber);
          byPcn.set(s.elements[1], set);
        }
      },
    });
  }
  // What it sent: the partner profile moves retired responses to the remote archive/.
  let sentPaid = new Decimal(0);
  let sentPatient = new Decimal(0);
  let sentBpr = new Decimal(0);
  const traces = new Set<string>();
  const archive = join(simDir, 'sftp', 'archive');
  for (const name of readdirSync(archive)) {
    const parsed = parseResponse(readFileSync(join(archive, name)), name);
    if (!('kind' in parsed) || parsed.kind !== '835' || !('postings' in parsed)) continue;
    for (const r of parsed.postings) {
      if (traces.has(r.traceNumber)) continue;
      traces.add(r.traceNumber);
      sentBpr = sentBpr.plus(r.paymentAmount);
      for (const c of r.claims) {
        sentPaid = sentPaid.plus(c.paid);
        sentPatient = sentPatient.plus(c.patientResponsibility);
      }
    }
  }
  const totals = await ledger.totals();
  const payments = await ledger.db.selectFrom('remittance_claims').select(['claim_id']).where('claim_id', 'is not', null).execute();
  const perClaim = new Map<string, number>();
  for (const p of payments) perClaim.set(p.claim_id!, (perClaim.get(p.claim_id!) ?? 0) + 1);
  const statuses = await ledger.db.selectFrom('acknowledgments').select(['claim_id', 'kind', 'group_control', 'transaction_control']).execute();
  const perStatus = new Map<string, number>();
  const perSet = new Map<string, number>();
  for (const a of statuses) {
    if (a.kind === '277CA' && a.claim_id) perStatus.set(a.claim_id, (perStatus.get(a.claim_id) ?? 0) + 1);
    if (a.kind === '999') perSet.set(`${a.group_control}:${a.transaction_control}`, (perSet.get(`${a.group_control}:${a.transaction_control}`) ?? 0) + 1);
  }
  const reachedClearinghouse = claims.filter((c) => c.state !== 'scrub-rejected').length;
  return {
    claimsInLedger: claims.length,
    claimsWithTwoStatuses: [...perStatus.entries()].filter(([, n]) => n > 1).map(([k]) => k),
    setsWithTwoAcks: [...perSet.entries()].filter(([, n]) => n > 1).map(([k]) => k),
    claimsWithoutStatus: reachedClearinghouse - perStatus.size,
    notFinal: claims.filter((c) => !FINAL_STATES.includes(c.state)).length,
    inTwoInterchanges: [...byPcn.entries()].filter(([, s]) => s.size > 1).map(([k]) => k),
    received: byPcn.size,
    interchangesReceived: interchanges,
    duplicatesDropped: duplicates,
    duplicatesDiffering: differing,
    remittancesSent: traces.size,
    remittancesPosted: totals.remittances,
    sentPaid: sentPaid.toFixed(2),
    postedPaid: totals.claimPaid,
    sentPatient: sentPatient.toFixed(2),
    postedPatient: totals.patientResponsibility,
    sentBpr: sentBpr.toFixed(2),
    postedBpr: totals.paymentAmount,
    claimsWithTwoPayments: [...perClaim.entries()].filter(([, n]) => n > 1).map(([k]) => k),
    ledgerProblems: await ledger.verify(),
  };
}

/** What every finished run must show: each 835 posted once, money equal to the 835s' to the cent, one payment,
 * one 277CA status and one 999 verdict per claim / transaction set, every sent claim answered, a sound ledger. */
export function expectPostedOnceToTheCent(facts: RunFacts): void {
  expect(facts.remittancesPosted).toBe(facts.remittancesSent);
  expect(facts.postedPaid).toBe(facts.sentPaid);
  expect(facts.postedPatient).toBe(facts.sentPatient);
  expect(facts.postedBpr).toBe(facts.sentBpr);
  expect(facts.claimsWithTwoPayments).toEqual([]);
  expect(facts.claimsWithTwoStatuses).toEqual([]);
  expect(facts.setsWithTwoAcks).toEqual([]);
  expect(facts.claimsWithoutStatus).toBe(0);
  expect(facts.ledgerProblems).toEqual([]);
}
