/**
 * Issue 12, round 4 (the status follow-up): with a large backlog of claims awaiting an answer, one call of
 * `claimsDueForInquiry` with a want and a row budget reads a bounded number of rows (counted by a Kysely
 * plugin that sums the rows every query returns), returns at most `want` due claims oldest due first, and
 * successive calls, each recording a 276 for what they return, ask about every due claim exactly once
 * (a call that stops early resumes where it stopped, and wraps around). Also run on PostgreSQL (postgres-suite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { claimsDueForInquiry, silentAfterInquiry, silentAfterInquiryPage, type ClaimKey, type DueClaim } from '../../../src/ledger/status-inquiries.js';
import { inquireSilentClaims, silentClaimsPage } from '../../../src/gateway/status-followup.js';
import { Claim } from '../../../src/claims/model.js';
import { syntheticClaim } from '../../../src/simulator/synthetic-claims.js';
import { testPartner } from '../../helpers/partner.js';
import { DEFAULT_STATUS_FOLLOWUP } from '../../../src/claims/status/thresholds.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { fakeBuild, intakeClaims } from './fixtures.js';

const HOUR = 3_600_000;
const N = 20_000;
/** Every DUE_EVERY-th claim has an event old enough to be due (a claim without events counts as just changed). */
const DUE_EVERY = 10;

class RowCounter implements KyselyPlugin {
  rows = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
const now = new Date('2026-03-10T08:00:00.000Z');
const settings = () => DEFAULT_STATUS_FOLLOWUP; // no999Hours 24, reinquireDays 7

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'status-paging-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db, { now: () => now });
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * N uploaded claims (a copy of one real claim row), updated_at spread over the past days; the due ones have
 * an event whose time runs against the updated_at order, so oldest due first is not the read order.
 */
async function seed(claimData?: string): Promise<Set<string>> {
  const { claimIds } = await ledger.recordBatch({ name: 'b.json', sha256: sha256('b'), size: 10, claims: intakeClaims(1) });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'c1', claimIds, build: fakeBuild(claimIds) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  const db = handle.db as any;
  const template = await db.selectFrom('claims').selectAll().where('id', '=', claimIds[0]).executeTakeFirstOrThrow();
  // The real claim is not part of the backlog under test.
  await db.updateTable('claims').set({ state: 'paid' }).where('id', '=', claimIds[0]).execute();
  const due = new Set<string>();
  const base = now.getTime() - 5 * 24 * HOUR;
  for (let i = 0; i < N; i += 200) {
    const rows = [];
    const events = [];
    for (let k = i; k < Math.min(N, i + 200); k++) {
      const id = `K${String(k).padStart(6, '0')}`;
      const updatedAt = new Date(base + k * 1000).toISOString();
      rows.push({ ...template, ...(claimData ? { data: claimData } : {}), id, batch_index: k + 1, patient_control_number: `P${k}`, state: 'uploaded', created_at: updatedAt, updated_at: updatedAt });
      if (k % DUE_EVERY === 0) {
        due.add(id);
        events.push({ claim_id: id, from_state: 'generated', to_state: 'uploaded', at: new Date(base - k * 1000).toISOString(), source_file_id: null, position: null, detail: null });
      }
    }
    await db.insertInto('claims').values(rows).execute();
    if (events.length) await db.insertInto('claim_events').values(events).execute();
  }
  return due;
}

const buildFor = (ids: string[]) => (n: { interchange: number }, traces: Record<string, string>) => ({ text: `276 ${n.interchange} ${ids.map((i) => traces[i]).join(',')}`, fileName: `demo-${n.interchange}.276`, transactions: [{ controlNumber: '0001', claimIds: ids }] });

describe('the status follow-up reads a bounded page of the backlog', () => {
  it(`one call over ${N} awaiting claims reads at most its row budget and returns at most want due claims, oldest due first`, async () => {
    const due = await seed();
    const counter = new RowCounter();
    const cursors = new Map<string, ClaimKey | undefined>();
    const got = await claimsDueForInquiry(handle.db.withPlugin(counter), settings, ['demo'], now, { want: () => 150, rowBudget: 5_000, pageSize: 1_000, cursors });
    // Two pages (2,000 claims, 200 due) found enough; of those, the 150 oldest due (their events run against
    // the updated_at order, so the last 150 read), oldest due first.
    const expected = Array.from({ length: 150 }, (_, j) => `K${String(1990 - j * DUE_EVERY).padStart(6, '0')}`);
    expect(got.map((d) => d.claimId)).toEqual(expected);
    expect(got.every((d) => due.has(d.claimId) && d.reason === 'no-999')).toBe(true);
    // 2,000 claim rows, the 200 events of those claims, no inquiries: far below the 20,000 awaiting.
    expect(counter.rows).toBeLessThanOrEqual(2_000 + 200);
    // The next call starts just before the first due claim read but not returned (K000000), i.e. at the start.
    expect(cursors.has('demo')).toBe(true);
    expect(cursors.get('demo')).toBeUndefined();
  }, 60_000);

  it('successive calls, each asking about what it returns, ask about every due claim exactly once, then none', async () => {
    const due = await seed();
    const cursors = new Map<string, ClaimKey | undefined>();
    const asked: string[] = [];
    const counter = new RowCounter();
    let runs = 0;
    for (;;) {
      const before = counter.rows;
      const got: DueClaim[] = await claimsDueForInquiry(handle.db.withPlugin(counter), settings, ['demo'], now, { want: () => 150, rowBudget: 3_000, pageSize: 1_000, cursors });
      expect(counter.rows - before).toBeLessThanOrEqual(3_000 * 2);
      runs++;
      if (got.length === 0) break;
      // Every call finds a full file's worth while that many are left: nothing is lost behind the cursor.
      expect(got.length).toBe(Math.min(150, due.size - asked.length));
      const ids = got.map((d) => d.claimId);
      asked.push(...ids);
      await ledger.recordStatusInquiry({ partnerId: 'demo', inquiryKey: `q${runs}`, items: got.map((d) => ({ claimId: d.claimId, payerId: d.payerId, reason: d.reason })), build: buildFor(ids) });
      expect(runs).toBeLessThan(100);
    }
    expect(asked).toHaveLength(due.size);
    expect(new Set(asked)).toEqual(due);
    // Once everything due was asked about, a whole lap finds nothing more.
    for (let k = 0; k < 8; k++) expect(await claimsDueForInquiry(handle.db, settings, ['demo'], now, { want: () => 150, rowBudget: 3_000, cursors })).toEqual([]);
  }, 120_000);

  it('a call that starts mid-way wraps around to the oldest claims', async () => {
    const due = await seed();
    // Start just past the last due claim: the only due claims are before the resume point.
    const last = [...due].sort().at(-1)!;
    const row = await (handle.db as any).selectFrom('claims').select(['id', 'updated_at']).where('id', '=', last).executeTakeFirstOrThrow();
    const cursors = new Map<string, ClaimKey | undefined>([['demo', { updatedAt: row.updated_at, id: row.id }]]);
    const got = await claimsDueForInquiry(handle.db, settings, ['demo'], now, { want: () => 10, rowBudget: 20_000, cursors });
    expect(got).toHaveLength(10);
    expect(got.every((d) => due.has(d.claimId))).toBe(true);
  }, 60_000);
});

describe('the silent-after-inquiry alerts scan reads a bounded page of the open inquiries', () => {
  it('each scan reads at most its budget; a lap of scans yields every silent claim once, equal to the full list; then it wraps', async () => {
    const due = [...(await seed())].sort();
    let clock = now;
    const ledgerAt = createLedger(handle.db, { now: () => clock });
    // 2,000 claims asked about in 4 files (500 each, one time per file: ties broken by id), all uploaded.
    for (let f = 0; f < 4; f++) {
      const ids = due.slice(f * 500, (f + 1) * 500);
      clock = new Date(now.getTime() + f * HOUR);
      const r = await ledgerAt.recordStatusInquiry({ partnerId: 'demo', inquiryKey: `s${f}`, items: ids.map((claimId) => ({ claimId, payerId: 'PAYER1', reason: 'no-999' as const })), build: buildFor(ids) });
      await ledgerAt.markUploaded(r.fileId, `remote/s${f}.276`);
    }
    // Every 7th answered: not silent.
    const answered = due.filter((_, k) => k % 7 === 0);
    for (let i = 0; i < answered.length; i += 200) await (handle.db as any).updateTable('status_inquiries').set({ answered_at: now.toISOString() }).where('claim_id', 'in', answered.slice(i, i + 200)).execute();
    clock = new Date(now.getTime() + 10 * 24 * HOUR);
    const full = await silentAfterInquiry(handle.db, clock, settings);
    expect(full).toHaveLength(2_000 - answered.length);

    const counter = new RowCounter();
    const partners = new Map([['demo', { id: 'demo' }]]);
    const ctx = { ledger: { db: handle.db.withPlugin(counter) }, partners, now: () => clock } as never;
    const lap: string[] = [];
    for (let scan = 0; scan < 4; scan++) {
      const before = counter.rows;
      const got = await silentClaimsPage(ctx, { rowBudget: 500, pageSize: 250 });
      // ≤ 500 open inquiries read, plus the latest-inquiry lookup of their claims.
      expect(counter.rows - before).toBeLessThanOrEqual(500 * 2);
      lap.push(...got.map((c) => c.claimId));
    }
    // 4 scans of 500 read the 1,714 open inquiries once, oldest first, and the 4th wraps to the oldest again.
    expect(lap).toHaveLength(2_000);
    expect(new Set(lap.slice(0, full.length)).size).toBe(full.length);
    expect(new Set(lap.slice(0, full.length))).toEqual(new Set(full.map((c) => c.claimId)));
    expect(lap.slice(full.length)).toEqual(lap.slice(0, 2_000 - full.length));
    const again = await silentClaimsPage(ctx, { rowBudget: 500, pageSize: 250 });
    expect(again.map((c) => c.claimId)).toEqual(lap.slice(2_000 - full.length, 2_000 - full.length + 500));
  }, 120_000);

  it('only a claim\'s latest sent inquiry counts: an older one left open by a newer answered one is not silent', async () => {
    const due = [...(await seed())].sort().slice(0, 2);
    let clock = now;
    const ledgerAt = createLedger(handle.db, { now: () => clock });
    for (let f = 0; f < 2; f++) {
      clock = new Date(now.getTime() + f * 24 * HOUR);
      const r = await ledgerAt.recordStatusInquiry({ partnerId: 'demo', inquiryKey: `t${f}`, items: due.map((claimId) => ({ claimId, payerId: 'PAYER1', reason: 'no-999' as const })), build: buildFor(due) });
      await ledgerAt.markUploaded(r.fileId, `remote/t${f}.276`);
    }
    // The newer inquiry of the first claim is answered; its older one stays open.
    await (handle.db as any).updateTable('status_inquiries').set({ answered_at: clock.toISOString() }).where('claim_id', '=', due[0]).where('created_at', '=', clock.toISOString()).execute();
    const later = new Date(clock.getTime() + 10 * 24 * HOUR);
    const page = await silentAfterInquiryPage(handle.db, later, settings, { rows: 10 });
    expect(page.claims.map((c) => [c.claimId, c.askedAt])).toEqual([[due[1], clock.toISOString()]]);
    expect(page.next).toBeUndefined();
  }, 60_000);
});

describe('the follow-up step (inquireSilentClaims) over a large backlog', () => {
  it('one run reads a bounded number of rows and records a 276 for maxClaimsPerFile due claims; runs go on until each due claim was asked once', async () => {
    const due = await seed(JSON.stringify(Claim.parse(syntheticClaim({ batchId: 'B', partnerId: 'demo', claims: 1 }, 1))));
    const partner = testPartner({ host: '127.0.0.1', port: 1, username: 'u', fingerprint: 'SHA256:' + 'A'.repeat(43) }); // maxClaimsPerFile 250
    const counter = new RowCounter();
    const warnings: unknown[] = [];
    const ctx = { ledger: createLedger(handle.db.withPlugin(counter), { now: () => now }), partners: new Map([['demo', partner]]), now: () => now, crash: () => undefined, log: { info: () => undefined, warn: (o: unknown) => warnings.push(o) } } as never;
    const asked = new Set<string>();
    let runs = 0;
    for (;;) {
      const before = counter.rows;
      const report = await inquireSilentClaims(ctx, { rowBudget: 3_000 });
      runs++;
      // 3,000 claim rows at most, their events and inquiries, and the claims of the one 276 (data, numbers).
      expect(counter.rows - before).toBeLessThanOrEqual(3_000 * 3 + 2 * 250 + 10);
      if (report.claims === 0) break;
      // One 276 of at most maxClaimsPerFile (fewer when the row budget ran out first).
      expect(report.files).toBe(1);
      expect(report.claims).toBeLessThanOrEqual(250);
      if (runs === 1) expect(report.claims).toBe(250);
      const rows = await (handle.db as any).selectFrom('status_inquiries').select('claim_id').execute();
      const now276 = rows.map((r: { claim_id: string }) => r.claim_id).filter((id: string) => !asked.has(id));
      expect(now276).toHaveLength(report.claims);
      for (const id of now276) asked.add(id);
      expect(runs).toBeLessThan(50);
    }
    expect(warnings).toEqual([]);
    expect(asked).toEqual(due);
    expect(Number((await (handle.db as any).selectFrom('status_inquiries').select((e: any) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(due.size);
  }, 180_000);
});
