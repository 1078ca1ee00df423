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
import { PLANTED_RULES, syntheticHistory } from '../../../src/denials/synthetic-history.js';
import { createDenialLearning } from '../../../src/gateway/denial-learning.js';
import { listDenialRules } from '../../../src/ledger/denial-rules.js';
import { createLedger, openLedgerDb, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { postHistory } from '../ledger/fixtures.js';

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


describe('denial learning after postings', () => {
  const history = syntheticHistory({ seed: 11, months: 4, claimsPerMonth: 150, planted: [PLANTED_RULES[0]] });

  it('learns once for a burst of 835s, again after new ones, never after stop()', async () => {
    await postHistory(ledger, history, 'history.json');
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
