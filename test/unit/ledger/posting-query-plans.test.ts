/**
 * Issue 12, round 7: posting an 835 must not slow down as the ledger grows. Every statement the posting
 * path runs (`openRemittance`, `postRemittanceChunk`, `postRemittance`: matching, rows, events, money,
 * visits, next-payer claims, practice stamps) is recorded with its parameters and asked for its SQLite
 * query plan: none may read a whole ledger table (a `SCAN` of claims, claim_events, remittance_claims, …)
 * — each must seek by an index, so its cost does not grow with the rows already in the ledger. Not timed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, openLedgerDb } from '../../../src/ledger/index.js';
import type { LedgerDatabase } from '../../../src/ledger/schema.js';
import type { ClaimPaymentPosting } from '../../../src/ledger/remittance-postings.js';
import { claimsTouchedPage, remittanceClaimsPage } from '../../../src/ledger/file-output-pages.js';
import { pcnOf, seedClaims } from '../../../bench/large-835.js';
import { fullScans } from '../../helpers/query-plans.js';
import { partner } from '../../../bench/workbench.js';
import { GatewayConfigSchema, resolveConfig } from '../../../src/gateway/config.js';
import { claimBatch, DEFAULT_INTAKE_SETTINGS, takeBatch } from '../../../src/gateway/intake.js';
import { createLogger } from '../../../src/gateway/logger.js';
import { createGateway } from '../../../src/gateway/runtime.js';
import { generatePending } from '../../../src/gateway/sender.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function payment(i: number): ClaimPaymentPosting {
  return {
    patientControlNumber: pcnOf(i),
    statusCode: i % 4 === 0 ? '4' : '1',
    billed: '125.00',
    paid: i % 4 === 0 ? '0.00' : '100.00',
    patientResponsibility: '0.00',
    payerClaimNumber: `P${i}`,
    adjustments: [],
    lines: [{ lineNumber: 1, lineControl: `${pcnOf(i)}-1`, procedureCode: '99213', charge: '125.00', paid: i % 4 === 0 ? '0.00' : '100.00', adjustments: [{ group: 'CO', reason: '45', amount: i % 4 === 0 ? '125.00' : '25.00' }], remarks: [] }],
    remarks: [],
    position: { segmentNumber: 10 + i * 8, transaction: '0001' },
  };
}

/**
 * A fresh migrated SQLite ledger behind a Kysely that, while `record(true)`, keeps each statement matching
 * `statements` with its parameters (the last ones seen), so each can be asked for its query plan.
 */
async function recordingLedgerDb(prefix: string, statements: RegExp) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  (await openLedgerDb({ dataDir: dir })).close();
  const sqlite = new Database(join(dir, 'ledger.sqlite'));
  const seen = new Map<string, readonly unknown[]>();
  let recording = false;
  const db = new Kysely<LedgerDatabase>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (e) => {
      if (recording && e.level === 'query' && statements.test(e.query.sql)) seen.set(e.query.sql, e.query.parameters);
    },
  });
  const planOf = (text: string, params: readonly unknown[]) => sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...(params as unknown[])) as Array<{ detail: string }>;
  /** Each recorded statement's full scans of a growing table, as `SCAN x  <=  statement`. */
  const fullScansSeen = () => [...seen].flatMap(([text, params]) => fullScans(planOf(text, params), text).map((s) => `${s}  <=  ${text.replace(/\s+/g, ' ').slice(0, 160)}`));
  return { db, seen, planOf, fullScansSeen, record: (on: boolean) => void (recording = on) };
}

/**
 * `claims` seeded claims, one inbound 835 file and its first remittance (trace T1) opened, not yet posted:
 * where the tests below start.
 */
async function openedRemittance(ledger: ReturnType<typeof createLedger>, claims: number) {
  await seedClaims(ledger, 'demo', claims);
  const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.835', sha256: 'a', size: 1, kind: '835' })).file;
  const header = { payerKey: '1SIMPAYER', traceNumber: 'T1', paymentAmount: '0.00', paymentMethod: 'CHK', providerAdjustments: [] };
  const opened = await ledger.openRemittance(file.id, 'demo', header, { balanced: false }, { markFile: false });
  if (opened.duplicate) throw new Error('duplicate');
  return { file, remittanceId: opened.remittanceId };
}

describe('the statements that post an 835', () => {
  it('seek by an index: no full scan of a ledger table (EXPLAIN QUERY PLAN, SQLite)', async () => {
    const { db, seen, fullScansSeen, record } = await recordingLedgerDb('posting-plans-', /^\s*(select|insert|update|delete|with)/i);
    const ledger = createLedger(db);
    await seedClaims(ledger, 'demo', 40);
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.835', sha256: 'a', size: 1, kind: '835' })).file;
    record(true);
    // Two large 835s posted in chunks (the second one's stamp follows the first's), then a small one whole.
    let n = 0;
    for (const trace of ['T1', 'T2']) {
      const header = { payerKey: '1SIMPAYER', traceNumber: trace, paymentAmount: '0.00', paymentMethod: 'CHK', paymentDate: '2026-02-01', payerName: 'SIMULATED PAYER', payerId: 'SIMPAYER', providerAdjustments: [] };
      const opened = await ledger.openRemittance(file.id, 'demo', header, { balanced: false }, { markFile: false });
      if (opened.duplicate) throw new Error('duplicate');
      for (let k = 0; k < 15; k += 5) {
        await ledger.postRemittanceChunk(file.id, 'demo', opened.remittanceId, k, Array.from({ length: 5 }, (_, j) => payment(n + k + j)), { markFile: false, last: k === 10, header, nextPayer: () => ({ status: 'none' }) });
      }
      n += 15;
    }
    await ledger.postRemittance(file.id, 'demo', { payerKey: '1SIMPAYER', traceNumber: 'T3', paymentAmount: '0.00', paymentMethod: 'CHK', providerAdjustments: [], claims: Array.from({ length: 5 }, (_, j) => payment(30 + j)) }, { markFile: true });
    record(false);
    expect(seen.size).toBeGreaterThan(10);
    expect(fullScansSeen()).toEqual([]);
    await db.destroy();
  }, 60_000);

  it('fullScans finds a full scan by table and by alias, and not a seek', () => {
    expect(fullScans([{ detail: 'SCAN claims' }], 'select * from claims')).toEqual(['SCAN claims']);
    expect(fullScans([{ detail: 'SCAN rc' }], 'select 1 from remittance_claims rc where rc.paid > 0')).toEqual(['SCAN rc']);
    expect(fullScans([{ detail: 'SEARCH claims USING INDEX claims_pcn (partner_id=? AND patient_control_number=?)' }], 'select * from claims')).toEqual([]);
    expect(fullScans([{ detail: 'SCAN v' }], 'UPDATE claims SET a = v.column2 FROM (VALUES (1, 2)) AS v WHERE claims.id = v.column1')).toEqual([]);
  });
});

describe('the statements that take in a batch and generate its 837s', () => {
  it('seek by an index: no full scan of a ledger table (EXPLAIN QUERY PLAN, SQLite; issue 12 round 11, migration 0031)', async () => {
    const { db, seen, fullScansSeen, record } = await recordingLedgerDb('intake-plans-', /^\s*(select|insert|update|delete|with)/i);
    const dir = mkdtempSync(join(tmpdir(), 'intake-plans-gw-'));
    dirs.push(dir);
    const config = GatewayConfigSchema.parse({ dataDir: join(dir, 'data'), folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') }, defaultPartner: 'demo' });
    mkdirSync(join(dir, 'outbox'), { recursive: true });
    writeFileSync(join(dir, 'outbox', 'b.json'), JSON.stringify(syntheticBatch({ batchId: 'PLANS', claims: 45 })));
    const log = createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
    const gateway = createGateway({ resolved: resolveConfig(config, dir, [partner]), ledger: createLedger(db), log, watch: false });
    record(true);
    const path = claimBatch(gateway.context, 'b.json');
    expect(await takeBatch(gateway.context, path!, { ...DEFAULT_INTAKE_SETTINGS, chunkClaims: 20 })).toBe('recorded');
    expect(await generatePending(gateway.context)).toBeGreaterThan(0);
    record(false);
    await gateway.stop();
    expect([...seen.keys()].filter((t) => /insert into "?claims"? /i.test(t)).length).toBeGreaterThan(0);
    expect(fullScansSeen()).toEqual([]);
    await db.destroy();
  }, 60_000);
});

describe('the rows a posting writes by the million', () => {
  it('get ids that sort after every earlier one (appended to their primary-key index, not spread over it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'posting-ids-'));
    dirs.push(dir);
    const handle = await openLedgerDb({ dataDir: dir });
    const ledger = createLedger(handle.db);
    const { file, remittanceId } = await openedRemittance(ledger, 60);
    const ids = async (table: 'remittance_claims' | 'remittance_lines' | 'adjustments') => (await handle.db.selectFrom(table).select('id').execute()).map((r) => r.id);
    const seen = { remittance_claims: new Set<string>(), remittance_lines: new Set<string>(), adjustments: new Set<string>() };
    for (let k = 0; k < 60; k += 20) {
      if (k) await new Promise((r) => setTimeout(r, 5)); // a later millisecond
      await ledger.postRemittanceChunk(file.id, 'demo', remittanceId, k, Array.from({ length: 20 }, (_, j) => payment(k + j)), { markFile: false, last: k === 40 });
      for (const table of ['remittance_claims', 'remittance_lines', 'adjustments'] as const) {
        const fresh = (await ids(table)).filter((id) => !seen[table].has(id));
        expect(fresh.length, table).toBeGreaterThan(0);
        const earlier = [...seen[table]];
        // Every row of this chunk sorts after every row of the chunks before it.
        if (earlier.length) expect(fresh.reduce((a, b) => (a < b ? a : b)) > earlier.reduce((a, b) => (a > b ? a : b)), table).toBe(true);
        for (const id of fresh) seen[table].add(id);
      }
    }
    await handle.close();
  });
});

describe('the pages a large file\'s results and reports are read in (src/ledger/file-output-pages.ts)', () => {
  it('each start at their key in an index: no full scan and no sort of the whole file per page (EXPLAIN QUERY PLAN, SQLite)', async () => {
    const { db, seen, planOf, record } = await recordingLedgerDb('output-pages-', /^\s*select/i);
    const ledger = createLedger(db);
    const { file, remittanceId } = await openedRemittance(ledger, 30);
    await ledger.postRemittanceChunk(file.id, 'demo', remittanceId, 0, Array.from({ length: 30 }, (_, j) => payment(j)), { markFile: false, last: true });
    record(true);
    let after: { claimId: string; seq: number } | undefined;
    let pages = 0;
    for (;;) {
      const page = await claimsTouchedPage(db, file.id, after, 7);
      if (!page.length) break;
      pages++;
      after = { claimId: page[page.length - 1]!.id, seq: page[page.length - 1]!.seq };
    }
    let afterId = '';
    for (;;) {
      const page = await remittanceClaimsPage(db, remittanceId, afterId, 7);
      if (!page.length) break;
      pages++;
      afterId = page[page.length - 1]!.id;
    }
    record(false);
    expect(pages).toBe(10); // 5 pages of 7 (30 claims) each way
    const problems: string[] = [];
    for (const [text, params] of seen) {
      const plan = planOf(text, params);
      for (const s of fullScans(plan, text)) problems.push(`${s}  <=  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
      // A page ordered by a sort of every matching row costs the whole file (or check) per page.
      for (const { detail } of plan) if (/TEMP B-TREE/.test(detail) && /claim_events|remittance_claims/.test(text) && /limit/i.test(text)) problems.push(`${detail}  <=  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
      // A page after a key must seek to the key (a range constraint in the index), not walk the file's rows from the first.
      if (/ > /.test(text) && /limit/i.test(text)) {
        const search = plan.find(({ detail }) => /^SEARCH (claim_events|remittance_claims)\b/.test(detail));
        if (!search || !/>\?/.test(search.detail)) problems.push(`no seek to the key: ${search?.detail ?? 'no SEARCH'}  <=  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
    }
    expect(problems).toEqual([]);
    await db.destroy();
  }, 60_000);

  it('claimsTouchedPage pages through every event of the file once, in (claim, event) order, whatever the page size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'output-pages-order-'));
    dirs.push(dir);
    const handle = await openLedgerDb({ dataDir: dir });
    const ledger = createLedger(handle.db);
    const { file, remittanceId } = await openedRemittance(ledger, 12);
    await ledger.postRemittanceChunk(file.id, 'demo', remittanceId, 0, Array.from({ length: 12 }, (_, j) => payment(j)), { markFile: false, last: true });
    // Later events of some of the same claims from the same file (a claim moved twice by one file): ties on claim id.
    const some = (await handle.db.selectFrom('claim_events').select(['claim_id']).where('source_file_id', '=', file.id).orderBy('claim_id', 'desc').limit(4).execute()).map((r) => r.claim_id);
    for (const claimId of [...some, some[0]!, some[2]!]) {
      await handle.db.insertInto('claim_events').values({ claim_id: claimId, from_state: 'paid', to_state: 'paid', at: new Date().toISOString(), source_file_id: file.id, position: null, detail: null }).execute();
    }
    const all = await claimsTouchedPage(handle.db, file.id, undefined, 10_000);
    expect(all).toHaveLength(18);
    const keys = all.map((r) => [r.id, r.seq] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    expect(keys).toEqual(sorted);
    for (const size of [1, 2, 3, 5, 17]) {
      const paged: Array<readonly [string, number]> = [];
      let after: { claimId: string; seq: number } | undefined;
      for (;;) {
        const page = await claimsTouchedPage(handle.db, file.id, after, size);
        if (!page.length) break;
        paged.push(...page.map((r) => [r.id, r.seq] as const));
        after = { claimId: page[page.length - 1]!.id, seq: page[page.length - 1]!.seq };
      }
      expect(paged, `page size ${size}`).toEqual(keys);
    }
    await handle.close();
  });
});
