/**
 * Denial learning runs by itself after 835 postings (issue 15 item 4): a burst of notifications costs one
 * run (debounced, one at a time), the run stores what the postings teach, notifications after a run lead
 * to exactly one more, and nothing runs after stop(). notify() only schedules (posting never waits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_RULES, syntheticHistory, type HistoryClaim } from '../../../src/denials/synthetic-history.js';
import { createDenialLearning } from '../../../src/gateway/denial-learning.js';
import { listDenialRules } from '../../../src/ledger/denial-rules.js';
import { createLedger, openLedgerDb, sha256, type IntakeClaim, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { fakeBuild } from '../ledger/fixtures.js';

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'denial-learning-'));
  handle = await openLedgerDb({ dataDir: dir });
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

describe('denial learning after postings', () => {
  const history = syntheticHistory({ seed: 11, months: 4, claimsPerMonth: 150, planted: [PLANTED_RULES[0]] });

  it('learns once for a burst of 835s, again after new ones, never after stop()', async () => {
    await postHistory(history, 'history.json');
    const learning = createDenialLearning({ db: handle.db, log: pino({ level: 'silent' }), now: () => new Date('2025-05-01T00:00:00Z'), debounceMs: 10, minIntervalMs: 50 });
    for (let i = 0; i < 5; i++) expect(learning.notify()).toBeUndefined();
    expect(learning.runs).toBe(0); // scheduled, not run inside notify()
    await learning.settled();
    expect(learning.runs).toBe(1);
    const rules = await listDenialRules(handle.db);
    expect(rules.map((r) => [r.payerId, r.procedureCode, r.modifier, r.status])).toEqual([['PAYER-A', '97110', 'GP', 'proposed']]);
    learning.notify();
    learning.notify();
    await learning.settled();
    expect(learning.runs).toBe(2);
    learning.stop();
    learning.notify();
    await learning.settled();
    expect(learning.runs).toBe(2);
  });
});
