/** `x12gw deposits import` and `x12gw patients import-payments` against a ledger folder. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedgerDb } from '../../../src/ledger/db.js';
import { reconcileDeposits } from '../../../src/ledger/deposits.js';
import { getAccount, guarantorIdFor } from '../../../src/ledger/patient-accounts.js';
import { fixtureLedger, SMITH } from './accounts-fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'x12gw-cli-accounts-'));
const data = join(dir, 'data');
const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  const f = await fixtureLedger([{ id: 'L1', pcn: 'CLM-1', charge: '100.00', paid: '60.00', pr: '20.00', subscriber: SMITH }], [{ id: 'R1', trace: 'EFT777', amount: '60.00', date: '2026-03-01' }], data);
  await f.handle.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('x12gw deposits / patients', { timeout: 120_000 }, () => {
  it('imports a deposit CSV with a header mapping, and refuses an unknown layout with exit 1', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'Posted,Value\n2026-03-02,60.00\n');
    const bad = cli(['deposits', 'import', join(dir, 'bad.csv'), '--data', data]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv:1: unknown-layout: .*expected the columns date, amount, reference.*found "Posted", "Value"/);
    const ok = cli(['deposits', 'import', join(dir, 'bad.csv'), '--data', data, '--map', 'date=Posted', '--map', 'amount=Value', '--map', 'reference=Value']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^csv: 1 deposit\(s\) imported/m);
    const handle = await openLedgerDb({ dataDir: data });
    try {
      const v = await reconcileDeposits(handle.db, { windowDays: 3 });
      expect(v.matched.map((m) => [m.era.id, m.by, m.difference])).toEqual([['R1', 'amount-date', '0.00']]);
    } finally {
      await handle.close();
    }
  });

  it('imports patient payments and reports a bad line by its position', async () => {
    writeFileSync(join(dir, 'pay.csv'), 'date,claimId,amount,method\n2026-03-05,CLM-1,25.00,cash\n2026-03-05,CLM-1,1.00,barter\n');
    const r = cli(['patients', 'import-payments', join(dir, 'pay.csv'), '--data', data]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^1 payment\(s\) recorded, 0 already imported, 1 left a credit, 1 problem\(s\)$/m);
    expect(r.stderr).toMatch(/pay\.csv:3 \(method\): bad-method/);
    const handle = await openLedgerDb({ dataDir: data });
    try {
      expect((await getAccount(handle.db, guarantorIdFor(SMITH.memberId, null, null)))?.summary).toMatchObject({ balance: '-5.00', inCredit: true });
    } finally {
      await handle.close();
    }
  });
});
