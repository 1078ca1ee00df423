/**
 * Does posting an 835 slow down as the ledger grows? (issue 12, round 7.) Claim payments are posted
 * through the ledger as the gateway posts a large 835 (`openRemittance`, then `postRemittanceChunk` of
 * 2,000, 5,000 per remittance), for claims seeded as sent (state ack-accepted). Synthetic data only.
 *
 *   npx tsx bench/posting-growth.ts grow DIR COUNT [COPY_EVERY]
 *     grows DIR/ledger.sqlite by COUNT claims + their claim payments (one response file), printing the rate
 *     every 100,000; with COPY_EVERY, a copy DIR/ledger-<posted>.sqlite is kept each COPY_EVERY posted
 *     (the pre-grown ledgers of the measure runs; built once, never committed).
 *   npx tsx bench/posting-growth.ts measure FILE [COUNT]
 *     copies FILE to a temporary folder, posts COUNT (default 100,000) more claim payments in a new file
 *     and prints claim payments per CPU second (user + system of this process), with the time spent per
 *     kind of SQL statement when X12GW_BENCH_SQL=1.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { createLedger, openLedgerDb, type Ledger } from '../src/ledger/index.js';
import type { LedgerDatabase } from '../src/ledger/schema.js';
import type { ClaimPaymentPosting } from '../src/ledger/remittance-postings.js';

const PER_REMITTANCE = 5000;
const CHUNK = 2000;
const PARTNER = 'bench';

const sqlTime = new Map<string, { n: number; ms: number }>();
function logSql(e: LogEvent): void {
  const key = e.query.sql.replace(/\s+/g, ' ').replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))*/g, '(…)').replace(/\?(, \?)+/g, '…').slice(0, 110);
  const t = sqlTime.get(key) ?? { n: 0, ms: 0 };
  t.n++;
  t.ms += e.queryDurationMillis;
  sqlTime.set(key, t);
}

/** The ledger on `path` (migrated), through a Kysely of our own (same pragmas as src/ledger/db.ts) so statements can be timed. */
async function open(path: string, dir: string): Promise<{ ledger: Ledger; close: () => Promise<void> }> {
  const migrated = await openLedgerDb({ dataDir: dir, file: path.slice(dir.length + 1) });
  await migrated.close();
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: sqlite }), ...(process.env.X12GW_BENCH_SQL ? { log: logSql } : {}) });
  return { ledger: createLedger(db), close: () => db.destroy() };
}

const pcn = (tag: string, i: number) => `${tag}${String(i).padStart(8, '0')}`;

function payment(tag: string, i: number): ClaimPaymentPosting {
  return {
    patientControlNumber: pcn(tag, i),
    statusCode: '1',
    billed: '125.00',
    paid: '100.00',
    patientResponsibility: '20.00',
    payerClaimNumber: `PCN${tag}${i}`,
    adjustments: [{ group: 'PR', reason: '2', amount: '20.00' }],
    lines: [{ lineNumber: 1, lineControl: `${pcn(tag, i)}-1`, procedureQualifier: 'HC', procedureCode: '99213', charge: '125.00', paid: '100.00', adjustments: [{ group: 'CO', reason: '45', amount: '5.00' }], remarks: [] }],
    remarks: [],
    position: { segmentNumber: 10 + i * 9, transaction: '0001' },
  };
}

/** Seeds `count` claims (tag-numbered) as sent, then posts their payments as one response file; calls `progress` every 100,000. */
async function postFile(ledger: Ledger, tag: string, count: number, progress: (posted: number, cpuS: number) => void): Promise<void> {
  const batch = await ledger.recordFile({ direction: 'intake', partnerId: PARTNER, name: `${tag}-batch.json`, sha256: `${tag}-batch`, size: 0, kind: 'batch', localPath: '/dev/null' });
  const now = new Date().toISOString();
  await ledger.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += 500) {
      const rows = [];
      for (let k = i; k < Math.min(count, i + 500); k++) {
        rows.push({ id: `${tag}C${k}`, batch_file_id: batch.file.id, batch_index: k, partner_id: PARTNER, payer_id: 'SIMPAYER', claim_type: 'professional', patient_control_number: pcn(tag, k), total_charge: '125.00', service_date: '2026-01-05', transaction_set_id: null, state: 'ack-accepted' as const, payer_claim_number: null, paid_amount: null, patient_responsibility: null, data: '{}', created_at: now, updated_at: now, patient_last: null, patient_first: null, member_id: null });
      }
      await trx.insertInto('claims').values(rows).execute();
    }
  });
  const file = await ledger.recordFile({ direction: 'in', partnerId: PARTNER, name: `${tag}.835`, sha256: `${tag}-835`, size: 0, kind: '835', localPath: '/dev/null' });
  const fileId = file.file.id;
  const cpu0 = process.cpuUsage();
  let posted = 0;
  for (let r = 0; posted < count; r++) {
    const n = Math.min(PER_REMITTANCE, count - posted);
    const opened = await ledger.openRemittance(fileId, PARTNER, { payerKey: 'SIMPAYER', traceNumber: `${tag}T${r}`, paymentAmount: (n * 100).toFixed(2), paymentMethod: 'CHK', paymentDate: '2026-02-01', payerName: 'SIMULATED PAYER', payerId: 'SIMPAYER', providerAdjustments: [] }, { balanced: true }, { markFile: false });
    if (opened.duplicate) throw new Error('duplicate remittance');
    for (let k = 0; k < n; k += CHUNK) {
      const m = Math.min(CHUNK, n - k);
      const chunk = Array.from({ length: m }, (_, j) => payment(tag, posted + k + j));
      await ledger.postRemittanceChunk(fileId, PARTNER, opened.remittanceId, k, chunk, { markFile: false, last: k + m === n });
    }
    const before = posted;
    posted += n;
    if (Math.floor(posted / 100_000) > Math.floor(before / 100_000) || posted === count) {
      const u = process.cpuUsage(cpu0);
      progress(posted, (u.user + u.system) / 1e6);
    }
  }
}

async function main(): Promise<void> {
  const [mode, target, countArg, copyArg] = process.argv.slice(2);
  if (mode === 'grow' && target && countArg) {
    const count = Number(countArg);
    const copyEvery = Number(copyArg ?? 0);
    const path = join(target, 'ledger.sqlite');
    const { ledger, close } = await open(path, target);
    const already = Number((await ledger.db.selectFrom('remittance_claims').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const tag = `G${already}x`;
    let last = { posted: 0, cpu: 0 };
    await postFile(ledger, tag, count, (posted, cpu) => {
      console.log(`[grow] ledger ${already + posted} claim payments: last ${posted - last.posted} at ${((posted - last.posted) / (cpu - last.cpu)).toFixed(0)} per CPU s`);
      last = { posted, cpu };
    });
    await close();
    const total = already + count;
    if (copyEvery && total % copyEvery === 0) copyFileSync(path, join(target, `ledger-${total}.sqlite`));
    return;
  }
  if (mode === 'measure' && target) {
    const count = Number(countArg ?? 100_000);
    const dir = mkdtempSync(join(tmpdir(), 'posting-growth-'));
    try {
      const path = join(dir, 'ledger.sqlite');
      if (existsSync(target)) copyFileSync(target, path);
      const { ledger, close } = await open(path, dir);
      const size = Number((await ledger.db.selectFrom('remittance_claims').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      sqlTime.clear();
      let result = '';
      let last = { posted: 0, cpu: 0 };
      await postFile(ledger, 'M', count, (posted, cpu) => {
        result = `[measure] ledger of ${size} claim payments: ${posted} more posted, ${cpu.toFixed(1)} CPU s, ${(posted / cpu).toFixed(0)} claim payments per CPU s`;
        if (process.env.X12GW_BENCH_SQL) {
          console.log(`  window ${last.posted}–${posted}: ${((posted - last.posted) / (cpu - last.cpu)).toFixed(0)} per CPU s`);
          for (const [k, t] of [...sqlTime].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`  ${t.ms.toFixed(0).padStart(7)} ms ${String(t.n).padStart(6)}× ${k}`);
          sqlTime.clear();
        }
        last = { posted, cpu };
      });
      await close();
      console.log(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  throw new Error('usage: posting-growth.ts grow DIR COUNT [COPY_EVERY] | measure FILE [COUNT]');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
