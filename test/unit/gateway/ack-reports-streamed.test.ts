/**
 * Issue 12, round 4: the gateway writes a 999 / TA1 file's `.ack.html` / `.ack.csv` from the file in two
 * streaming reads (`writeAcknowledgmentReports`), byte-identical to the whole reports `writeResponseReports`
 * builds from the bytes (the samples, and a file holding a 999, a TA1 and another 999).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, type LedgerDb } from '../../../src/ledger/index.js';
import { writeAcknowledgmentReports, writeResponseReports } from '../../../src/gateway/response-reports.js';
import { openTestMemoryLedgerDb } from '../../helpers/test-ledger.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'samples', 'acks');
const dir = mkdtempSync(join(tmpdir(), 'x12gw-ackrep-'));
const handles: LedgerDb[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('gateway 999 / TA1 reports from the file', () => {
  it('are byte-identical to the whole reports', async () => {
    const handle = await openTestMemoryLedgerDb();
    handles.push(handle);
    const ledger = createLedger(handle.db);
    const mixed = join(dir, 'mixed.999');
    writeFileSync(mixed, ['partially-accepted.999', 'interchange-rejected.ta1', 'rejected.999'].map((f) => readFileSync(join(SAMPLES, f), 'latin1')).join(''));
    for (const path of ['accepted.999', 'partially-accepted.999', 'rejected.999', 'interchange-rejected.ta1'].map((f) => join(SAMPLES, f)).concat(mixed)) {
      const whole = join(dir, 'whole');
      const streamed = join(dir, 'streamed');
      const file = { name: `demo__${path.split('/').pop()}`, partnerId: 'demo' };
      const a = await writeResponseReports(whole, ledger, { ...file, kind: path.endsWith('.ta1') ? 'TA1' : '999' }, readFileSync(path));
      const b = await writeAcknowledgmentReports(streamed, ledger, file, path);
      expect(b.map((p) => p.split('/').pop()).sort()).toEqual(a.map((p) => p.split('/').pop()).sort());
      for (const p of a) expect(readFileSync(join(streamed, p.split('/').pop()!), 'utf8')).toBe(readFileSync(p, 'utf8'));
    }
  });
});
