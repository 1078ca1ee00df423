/**
 * The ledger side of denial prevention: facts read back from posted 835s, rules learned and stored, a
 * dismissal that holds when the same postings are learned again, an acceptance that reaches the scrubber.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_RULES, syntheticHistory } from '../../../src/denials/synthetic-history.js';
import { acceptedDenialRules, decideDenialRule, denialFacts, learnAndStoreDenialRules, listDenialRules } from '../../../src/ledger/denial-rules.js';
import { createLedger, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { postHistory } from './fixtures.js';

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


describe('denial rules in the ledger', () => {
  const planted = [PLANTED_RULES[0]];
  const history = syntheticHistory({ seed: 11, months: 4, claimsPerMonth: 150, planted });

  it('reads at most the latest window of claim payments, a page at a time, and the same facts as the whole read', async () => {
    await postHistory(ledger, history, 'history-window.json');
    const all = await denialFacts(handle.db);
    expect(all).toHaveLength(history.length);
    expect(history.length).toBeGreaterThan(520);
    const key = (f: (typeof all)[number]) => JSON.stringify(f);
    const everyFact = new Set(all.map(key));
    // A window over two pages (the page is 500) and one inside the first page.
    for (const window of [520, 37]) {
      const some = await denialFacts(handle.db, { window });
      expect(some).toHaveLength(window);
      for (const f of some) expect(everyFact.has(key(f))).toBe(true);
      expect(new Set(some.map(key)).size).toBe(window);
    }
  });

  it('reads the posted facts back, learns the planted rule, keeps a dismissal, and hands accepted rules to the scrubber', async () => {
    await postHistory(ledger, history, 'history.json');
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
