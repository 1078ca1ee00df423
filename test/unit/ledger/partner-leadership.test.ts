/**
 * Per-partner leadership on PostgreSQL (issue 17): one instance at a time leads a partner; when the
 * leader's process is SIGKILLed, another instance takes the lead within seconds (the session's
 * advisory lock dies with it). On SQLite the one process always leads.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedgerDb } from '../../../src/ledger/index.js';
import { createPartnerLeadership } from '../../../src/ledger/partner-leadership.js';
import { disposeTestPostgres, testDatabaseUrl } from '../../helpers/test-ledger.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
afterAll(disposeTestPostgres, 120_000);

/** Another instance in its own process: takes the lead of `partner`, says so, then waits to be killed. */
function leaderProcess(url: string, partner: string) {
  const code = `
    const { openLedgerDb } = await import(${JSON.stringify(join(REPO, 'src/ledger/index.ts'))});
    const { createPartnerLeadership } = await import(${JSON.stringify(join(REPO, 'src/ledger/partner-leadership.ts'))});
    const h = await openLedgerDb({ database: ${JSON.stringify(url)}, poolSize: 2 });
    const lead = createPartnerLeadership(h.db);
    process.stdout.write(String(await lead.holds(${JSON.stringify(partner)})) + '\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const said = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (c) => reject(new Error(`leader process exited with ${c}: ${err}`)));
  });
  return { child, said };
}

describe('partner leadership', () => {
  it('on PostgreSQL: one leader per partner, taken over within seconds after the leader is SIGKILLed', async () => {
    const url = await testDatabaseUrl('leader');
    const leader = leaderProcess(url, 'demo');
    const handle = await openLedgerDb({ database: url, poolSize: 3 });
    const lead = createPartnerLeadership(handle.db);
    try {
      expect(await leader.said).toBe('true');
      expect(await lead.holds('demo')).toBe(false);
      // another partner is free
      expect(await lead.holds('other')).toBe(true);
      expect(await lead.holds('other')).toBe(true);
      const exited = new Promise((r) => leader.child.once('exit', r));
      leader.child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      let took = false;
      while (!took && Date.now() - killedAt < 20_000) {
        took = await lead.holds('demo');
        if (!took) await new Promise((r) => setTimeout(r, 100));
      }
      expect(took).toBe(true);
      // Generous bound for a loaded 2-core machine; it is usually well under a second.
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      // Released: a second instance in this process can take both.
      await lead.release();
      const other = createPartnerLeadership(handle.db);
      expect(await other.holds('demo')).toBe(true);
      await other.release();
    } finally {
      if (leader.child.exitCode === null) leader.child.kill('SIGKILL');
      await lead.release();
      await handle.close();
    }
  });

  it('on SQLite: the one process leads every partner', async () => {
    const handle = await openLedgerDb({ file: ':memory:' });
    try {
      const lead = createPartnerLeadership(handle.db);
      expect(await lead.holds('demo')).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
