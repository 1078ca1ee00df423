/**
 * The ledger side of denial prevention: facts read back from posted 835s, rules learned and stored, a
 * dismissal that holds when the same postings are learned again, an acceptance that reaches the scrubber.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_RULES, syntheticHistory, type HistoryClaim } from '../../../src/denials/synthetic-history.js';
import { acceptedDenialRules, decideDenialRule, denialFacts, learnAndStoreDenialRules, listDenialRules } from '../../../src/ledger/denial-rules.js';
import { createLedger, sha256, type IntakeClaim, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { fakeBuild } from './fixtures.js';

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'denial-rules-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const charge = '100.00';

/** Sends the history's claims through the ledger and posts one 835 per remittance id. */
async function postHistory(history: HistoryClaim[], name: string) {
  const intake: IntakeClaim[] = history.map((c, index) => ({
    index,
    partnerId: 'demo',
    payerId: c.payerId,
    claimType: '837P',
    patientControlNumber: c.claimId,
    totalCharge: (100 * c.lines.length).toFixed(2),
    serviceDate: c.date,
    lines: c.lines.map((l, i) => ({ lineNumber: i + 1, procedureCode: l.procedureCode, charge, units: '1', lineControl: `${c.claimId}-${i + 1}` })),
    data: { payer: { id: c.payerId }, diagnoses: c.diagnoses, ...(c.priorAuthorization ? { priorAuthorization: 'AUTH' } : {}), lines: c.lines.map((l, i) => ({ procedureCode: l.procedureCode, modifiers: l.modifiers, lineControlNumber: `${c.claimId}-${i + 1}` })) },
  }));
  const { claimIds } = await ledger.recordBatch({ name, sha256: sha256(name), size: 1, claims: intake });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: name, claimIds, build: fakeBuild(claimIds) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  const byRemittance = new Map<string, HistoryClaim[]>();
  for (const c of history) byRemittance.set(c.remittanceId, [...(byRemittance.get(c.remittanceId) ?? []), c]);
  for (const [trace, claims] of byRemittance) {
    const posted = claims.map((c) => {
      const lines = c.lines.map((l, i) => ({ lineNumber: i + 1, lineControl: `${c.claimId}-${i + 1}`, procedureCode: l.procedureCode, charge, paid: l.denied ? '0' : '80.00', adjustments: [{ group: 'CO', reason: l.denied ? l.carcs[0] : '45', amount: l.denied ? charge : '20.00' }] }));
      const paid = lines.reduce((n, l) => n + Number(l.paid), 0).toFixed(2);
      return { patientControlNumber: c.claimId, statusCode: c.lines.every((l) => l.denied) ? '4' : '1', billed: (100 * c.lines.length).toFixed(2), paid, patientResponsibility: '0', adjustments: [], lines };
    });
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `${trace}.835`, sha256: sha256(trace), size: 1, kind: '835' });
    await ledger.postRemittance(f.file.id, 'demo', { payerKey: 'P', traceNumber: trace, paymentAmount: posted.reduce((n, c) => n + Number(c.paid), 0).toFixed(2), paymentMethod: 'ACH', paymentDate: claims[0].date, claims: posted, providerAdjustments: [] });
  }
}

describe('denial rules in the ledger', () => {
  const planted = [PLANTED_RULES[0]];
  const history = syntheticHistory({ seed: 11, months: 4, claimsPerMonth: 150, planted });

  it('reads the posted facts back, learns the planted rule, keeps a dismissal, and hands accepted rules to the scrubber', async () => {
    await postHistory(history, 'history.json');
    const facts = await denialFacts(handle.db);
    expect(facts).toHaveLength(history.length);
    const one = facts.find((f) => f.claimId !== undefined && f.lines.some((l) => l.denied))!;
    expect(one.remittanceId).toMatch(/^R/);
    expect(facts.reduce((n, f) => n + f.lines.filter((l) => l.denied).length, 0)).toBe(history.reduce((n, c) => n + c.lines.filter((l) => l.denied).length, 0));
    expect(facts.flatMap((f) => f.lines).filter((l) => l.modifiers.includes('GP')).length).toBe(history.flatMap((c) => c.lines).filter((l) => l.modifiers.includes('GP')).length);

    const first = await learnAndStoreDenialRules(handle.db, { now: '2025-05-01T00:00:00Z' });
    expect(first).toMatchObject({ facts: history.length, learned: 1, proposed: 1 });
    const [rule] = await listDenialRules(handle.db);
    expect(rule).toMatchObject({ kind: 'missing-modifier', payerId: 'PAYER-A', procedureCode: '97110', modifier: 'GP', status: 'proposed' });
    expect(rule.evidence.remittanceIds.length).toBeGreaterThan(1);

    await decideDenialRule(handle.db, rule.id, { action: 'dismiss', by: 'U1', now: '2025-05-02T00:00:00Z' });
    const again = await learnAndStoreDenialRules(handle.db, { now: '2025-05-03T00:00:00Z' });
    expect(again.proposed).toBe(0);
    expect((await listDenialRules(handle.db))[0]).toMatchObject({ id: rule.id, status: 'dismissed', decidedBy: 'U1' });
    expect(await acceptedDenialRules(handle.db)).toEqual([]);

    const accepted = await decideDenialRule(handle.db, rule.id, { action: 'accept', severity: 'error', now: '2025-05-04T00:00:00Z' });
    expect(accepted?.status).toBe('accepted');
    const forScrubber = await acceptedDenialRules(handle.db);
    expect(forScrubber).toHaveLength(1);
    expect(forScrubber[0]).toMatchObject({ id: rule.id, severity: 'error', modifier: 'GP' });
    expect(await decideDenialRule(handle.db, 'DRnope', { action: 'accept', now: '2025-05-04T00:00:00Z' })).toBeUndefined();
  });
});
