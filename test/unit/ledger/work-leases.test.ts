/**
 * Work leases (issue 17, migration 0023-work-leases, src/ledger/work-leases.ts) on a real PostgreSQL:
 * one holder at a time, a live holder's lease is respected, an expired one is taken over (and the old
 * holder can neither renew nor release it), a heartbeat keeps a long piece of work leased past its
 * length, and a row locked by another instance's transaction is skipped, not waited for. On SQLite every
 * lease is held by the one process and nothing is written.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedgerDb } from '../../../src/ledger/index.js';
import { createWorkLeases } from '../../../src/ledger/work-leases.js';
import { disposeTestPostgres, testDatabaseUrl } from '../../helpers/test-ledger.js';

afterAll(disposeTestPostgres, 120_000);

describe('work leases on PostgreSQL', () => {
  it('one holder at a time; an expired lease is taken over and the old holder loses it', async () => {
    const url = await testDatabaseUrl('leases');
    const a = await openLedgerDb({ database: url, poolSize: 2 });
    const b = await openLedgerDb({ database: url, poolSize: 2 });
    try {
      let clock = Date.parse('2026-12-06T10:00:00Z');
      const now = () => new Date(clock);
      const la = createWorkLeases(a.db, { owner: 'A', ttlMs: 10_000, now });
      const lb = createWorkLeases(b.db, { owner: 'B', ttlMs: 10_000, now });
      expect(await la.tryTake('intake', 'x')).toBe(true);
      expect(await la.tryTake('intake', 'x')).toBe(true); // ours already: taken again, expiry pushed on
      expect(await lb.tryTake('intake', 'x')).toBe(false);
      expect(await lb.tryTake('intake', 'y')).toBe(true); // another item is free
      clock += 9_000;
      expect(await lb.tryTake('intake', 'x')).toBe(false); // still live (A's second take pushed it to +10 s)
      clock += 2_000;
      expect(await lb.tryTake('intake', 'x')).toBe(true); // expired: B takes it over
      const row = await b.db.selectFrom('work_leases' as any).selectAll().where('item', '=', 'x').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ step: 'intake', leased_by: 'B', takeovers: 1 });
      expect(await la.renew('intake', 'x')).toBe(false);
      await la.release('intake', 'x'); // not A's any more: nothing happens
      expect(await la.tryTake('intake', 'x')).toBe(false);
      await lb.release('intake', 'x');
      expect(await la.tryTake('intake', 'x')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a heartbeat keeps long work leased past the lease length; the row is gone when the work ends', async () => {
    const url = await testDatabaseUrl('leases');
    const a = await openLedgerDb({ database: url, poolSize: 2 });
    const b = await openLedgerDb({ database: url, poolSize: 2 });
    try {
      const la = createWorkLeases(a.db, { owner: 'A', ttlMs: 1_000, heartbeatMs: 100 });
      const lb = createWorkLeases(b.db, { owner: 'B', ttlMs: 1_000 });
      const tries: boolean[] = [];
      const out = await la.withLease('intake', 'long', async (lease) => {
        // Two and a half lease lengths of work, B trying all along: never taken, never lost.
        const end = Date.now() + 2_500;
        while (Date.now() < end) {
          tries.push(await lb.tryTake('intake', 'long'));
          await new Promise((r) => setTimeout(r, 150));
        }
        return lease.lost();
      });
      expect(out).toEqual({ taken: true, value: false });
      expect(tries.length).toBeGreaterThan(3);
      expect(tries.every((t) => t === false)).toBe(true);
      expect(await a.db.selectFrom('work_leases' as any).selectAll().execute()).toEqual([]);
      expect(await lb.withLease('intake', 'long', async () => 'ran')).toEqual({ taken: true, value: 'ran' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('skips a lease row another instance has locked instead of waiting for it', async () => {
    const url = await testDatabaseUrl('leases');
    const a = await openLedgerDb({ database: url, poolSize: 2 });
    const b = await openLedgerDb({ database: url, poolSize: 2 });
    try {
      const lb = createWorkLeases(b.db, { owner: 'B', ttlMs: 1 });
      const la = createWorkLeases(a.db, { owner: 'A', ttlMs: 1 });
      expect(await la.tryTake('intake', 'z')).toBe(true);
      await new Promise((r) => setTimeout(r, 20)); // A's lease has expired
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const other = a.db.transaction().execute(async (trx) => {
        await sql`SELECT 1 FROM work_leases WHERE item = 'z' FOR UPDATE`.execute(trx);
        locked();
        await held;
      });
      await isLocked;
      // Waiting would hang here (the other transaction ends only after this answer): the test would time out.
      expect(await lb.tryTake('intake', 'z')).toBe(false);
      release();
      await other;
      expect(await lb.tryTake('intake', 'z')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('work leases on SQLite', () => {
  it('are always held by the one process, and write nothing', async () => {
    const handle = await openLedgerDb({ file: ':memory:' });
    try {
      const la = createWorkLeases(handle.db, { owner: 'A', ttlMs: 1000 });
      const lb = createWorkLeases(handle.db, { owner: 'B', ttlMs: 1000 });
      expect(await la.tryTake('intake', 'x')).toBe(true);
      expect(await lb.tryTake('intake', 'x')).toBe(true);
      expect(await la.withLease('intake', 'x', async () => 1)).toEqual({ taken: true, value: 1 });
      expect(await handle.db.selectFrom('work_leases' as any).selectAll().execute()).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
