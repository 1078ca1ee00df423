/**
 * `x12gw demo --once --json --instances 3 --database postgres://…` (issue 17): three gateways — the
 * demo's own and two `x12gw serve` child processes — on one PostgreSQL ledger, one set of folders and
 * the simulated clearinghouse. Every demo claim ends final; the summary says `instances: 3` and
 * `duplicatesSent: 0` (counted from what the clearinghouse received: src/simulator/sent-duplicates.ts),
 * and its figures equal the one-instance demo on SQLite (the simulator answers the same claims the same
 * way). Three gateways really ran: each logged its start. `--instances 3` without `--database` is refused.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeTestPostgres, testDatabaseUrl } from '../helpers/test-ledger.js';

const REPO = join(import.meta.dirname, '..', '..');
afterAll(disposeTestPostgres, 30_000);

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'demo', '--once', '--json', '--timeout', '180', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('demo with three instances on PostgreSQL', () => {
  it('finishes every claim with three gateways and sends nothing twice', async () => {
    const url = await testDatabaseUrl('demo3', { empty: true });
    const run = await runDemo(['--instances', '3', '--database', url, '--log-level', 'info']);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ instances: 3, duplicatesSent: 0 });
    // Three runtimes started: the demo's own and two child processes (each logs `gateway.started` with its
    // instance id, host:pid:random).
    const starts = run.stderr.split('\n').filter((l) => l.includes('"event":"gateway.started"'));
    expect(starts.length).toBe(3);
    const pids = starts.map((l) => (JSON.parse(l) as { instance: string }).instance.split(':')[1]);
    expect(new Set(pids).size).toBe(3);

    const one = await runDemo([]);
    expect(one.code, one.stderr.slice(-2000)).toBe(0);
    const single = JSON.parse(one.stdout) as Record<string, unknown>;
    expect(single).toMatchObject({ instances: 1, duplicatesSent: 0 });
    expect({ ...summary, instances: 1 }).toEqual(single);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const reused = await client.query("SELECT partner_id, control_number FROM interchanges WHERE direction = 'out' GROUP BY partner_id, control_number HAVING count(*) > 1");
      expect(reused.rows).toEqual([]);
      const twice = await client.query("SELECT claim_id FROM claim_events WHERE to_state IN ('generated', 'uploaded') GROUP BY claim_id, to_state HAVING count(*) > 1");
      expect(twice.rows).toEqual([]);
      expect((await client.query('SELECT * FROM work_leases')).rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 420_000);

  it('refuses more than one instance without PostgreSQL', async () => {
    const run = await runDemo(['--instances', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--instances above 1 needs --database');
    expect(run.stdout).toBe('');
  }, 60_000);
});
