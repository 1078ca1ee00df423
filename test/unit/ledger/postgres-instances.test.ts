/**
 * Several gateway instances on one PostgreSQL ledger (issue 17, item 3, the ledger's part): three
 * ledgers, each with its own connection pool, generate interchanges for one partner at the same time.
 * ISA13/GS06 are reserved in the database, so no number is used twice and none is skipped, and a claim
 * two instances race for lands in exactly one interchange.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ClaimsBusyError, createLedger, openLedgerDb, sha256, type LedgerDb } from '../../../src/ledger/index.js';
import { disposeTestPostgres, testDatabaseUrl } from '../../helpers/test-ledger.js';
import { fakeBuild, intakeClaims } from './fixtures.js';

afterAll(disposeTestPostgres, 120_000);

describe('three instances on one PostgreSQL ledger', () => {
  it('reserve distinct, gap-free control numbers and never put a claim in two interchanges', async () => {
    const url = await testDatabaseUrl('instances');
    const handles: LedgerDb[] = [];
    try {
      for (let i = 0; i < 3; i++) handles.push(await openLedgerDb({ database: url, poolSize: 4 }));
      expect(handles.every((h) => h.dialect === 'postgres')).toBe(true);
      const ledgers = handles.map((h) => createLedger(h.db));
      const { claimIds } = await ledgers[0].recordBatch({ name: 'b.json', sha256: sha256('b'), size: 1, claims: intakeClaims(60) });
      // 30 chunks of two disjoint claims, dealt round-robin to the instances, all at once — the first
      // reservation of the partner's counters races too.
      const chunks = Array.from({ length: 30 }, (_, i) => claimIds.slice(i * 2, i * 2 + 2));
      const made = await Promise.all(chunks.map((ids, i) => ledgers[i % 3].generateInterchange({ partnerId: 'demo', chunkKey: `c${i}`, claimIds: ids, build: fakeBuild(ids) })));
      const isa = made.map((g) => g.interchangeControl).sort((a, b) => a - b);
      expect(isa).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(new Set(made.map((g) => g.groupControl)).size).toBe(30);

      // Two instances race for the same claims under different chunk keys: one wins, the other is refused.
      const more = await ledgers[1].recordBatch({ name: 'c.json', sha256: sha256('c'), size: 1, claims: intakeClaims(4, { prefix: 'R' }) });
      const race = await Promise.allSettled([0, 1, 2].map((i) => ledgers[i].generateInterchange({ partnerId: 'demo', chunkKey: `race-${i}`, claimIds: more.claimIds, build: fakeBuild(more.claimIds) })));
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);

      const db = handles[0].db;
      const perClaim = await db.selectFrom('claims').select(['id', 'transaction_set_id', 'state']).execute();
      expect(perClaim.every((c) => c.state === 'generated' && c.transaction_set_id)).toBe(true);
      const interchanges = await db.selectFrom('interchanges').select(['control_number']).where('partner_id', '=', 'demo').execute();
      expect(interchanges).toHaveLength(31);
      expect(new Set(interchanges.map((r) => r.control_number)).size).toBe(31);
    } finally {
      for (const h of handles) await h.close();
    }
  });

  it('with skipLocked, an instance skips claims another is generating instead of waiting, and reserves nothing', async () => {
    const url = await testDatabaseUrl('instances');
    const a = await openLedgerDb({ database: url, poolSize: 2 });
    const b = await openLedgerDb({ database: url, poolSize: 2 });
    try {
      const la = createLedger(a.db);
      const lb = createLedger(b.db);
      const { claimIds } = await la.recordBatch({ name: 'b.json', sha256: sha256('b'), size: 1, claims: intakeClaims(6) });
      const [first, second] = [claimIds.slice(0, 4), claimIds.slice(4)];
      // Instance A is in the middle of generating `first` (its transaction holds their rows).
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const inA = a.db.transaction().execute(async (trx) => {
        await trx.selectFrom('claims').select('id').where('id', 'in', first.slice(2)).forUpdate().execute();
        locked();
        await held;
      });
      await isLocked;
      // Waiting would hang here (A's transaction ends only after this answer): the test would time out.
      await expect(lb.generateInterchange({ partnerId: 'demo', chunkKey: 'k1', claimIds: first, build: fakeBuild(first), skipLocked: true })).rejects.toBeInstanceOf(ClaimsBusyError);
      // B goes on with claims nobody holds: it gets ISA13 1, so the skipped try reserved nothing.
      const g = await lb.generateInterchange({ partnerId: 'demo', chunkKey: 'k2', claimIds: second, build: fakeBuild(second), skipLocked: true });
      expect(g.interchangeControl).toBe(1);
      release();
      await inA;
      const again = await lb.generateInterchange({ partnerId: 'demo', chunkKey: 'k1', claimIds: first, build: fakeBuild(first), skipLocked: true });
      expect(again.interchangeControl).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
