/**
 * `x12gw demo --once --json --database postgres://…` (issue 17): the whole loop — outbox, scrub, 837,
 * SFTP to the simulator, TA1/999/277CA/835 back, posting — with the ledger in a real PostgreSQL (a
 * private cluster, test/helpers/postgres.ts). Every demo claim ends final, and the ledger in PostgreSQL
 * agrees with the summary: each claim once, no ISA13 reused, paid amounts to the cent; and the summary
 * equals the same demo's on SQLite.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeTestPostgres, testDatabaseUrl } from '../helpers/test-ledger.js';

const REPO = join(import.meta.dirname, '..', '..');
afterAll(disposeTestPostgres, 30_000);

function runDemo(database?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'demo', '--once', '--json', '--timeout', '150', ...(database ? ['--database', database] : [])], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('demo on PostgreSQL', () => {
  it('runs the whole loop with the ledger in PostgreSQL, every claim once', async () => {
    // An empty database: the demo's own start runs every migration on PostgreSQL.
    const url = await testDatabaseUrl('demo', { empty: true });
    const run = await runDemo(url);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    // Exit 0: every demo claim reached a final state.
    const summary = JSON.parse(run.stdout) as { claims: number; sent: number; paidAmount: string; paid: number };
    expect(summary.claims).toBeGreaterThan(0);
    expect(summary.sent).toBeGreaterThan(0);
    // The same demo on SQLite (the simulator answers the same claims the same way): the same figures.
    const onSqlite = await runDemo();
    expect(onSqlite.code, onSqlite.stderr.slice(-2000)).toBe(0);
    expect(summary).toEqual(JSON.parse(onSqlite.stdout));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const claims = await client.query<{ n: string }>('SELECT count(*) AS n FROM claims');
      expect(Number(claims.rows[0].n)).toBe(summary.claims);
      const reused = await client.query("SELECT partner_id, control_number FROM interchanges WHERE direction = 'out' GROUP BY partner_id, control_number HAVING count(*) > 1");
      expect(reused.rows).toEqual([]);
      const twice = await client.query("SELECT claim_id FROM claim_events WHERE to_state IN ('generated', 'uploaded') GROUP BY claim_id, to_state HAVING count(*) > 1");
      expect(twice.rows).toEqual([]);
      const paid = await client.query<{ paid_amount: string | null }>('SELECT paid_amount FROM claims WHERE paid_amount IS NOT NULL');
      const total = paid.rows.reduce((s, r) => s.plus(r.paid_amount ?? '0'), new Decimal(0));
      expect(total.toFixed(2)).toBe(new Decimal(summary.paidAmount).toFixed(2));
    } finally {
      await client.end();
    }
  }, 240_000);
});
