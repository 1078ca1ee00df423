/**
 * Practices (issue 17 item 3): migration 0022 gives existing data to the default practice; claims are
 * stamped by billing provider (NPI, tax id), then partner, then default; a file of several practices'
 * claims belongs to none; the scope plugin filters builder and raw SQL, aliases and joins, and refuses a
 * read of practice data with no scope at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, ledgerMigrations, migrateToLatest, type LedgerDb } from '../../../src/ledger/index.js';
import { ALL_PRACTICES, MissingPracticeScopeError, runInScope, scopedDb } from '../../../src/ledger/tenant-scope.js';
import { getAccount, guarantorIdOfClaim, recordEntry } from '../../../src/ledger/patient-accounts.js';
import { syncPractices } from '../../../src/ledger/tenants.js';
import { openTestMemoryLedgerDb } from '../../helpers/test-ledger.js';
import { intakeClaims } from './fixtures.js';

let handle: LedgerDb | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenants-'));
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Four claims: alpha's NPI, beta's tax id, a partner beta owns, and nobody's. */
async function seeded() {
  handle = await openTestMemoryLedgerDb();
  const ledger = createLedger(handle.db);
  await syncPractices(handle.db, [
    { id: 'alpha', name: 'Alpha', billingProviderNpis: ['1111111112'] },
    { id: 'beta', name: 'Beta', taxIds: ['222222222'], partners: ['beta-partner'] },
  ]);
  const claims = intakeClaims(4);
  claims[0].data = { billingProvider: { npi: '1111111112', taxId: '999999999' } };
  claims[1].data = { billingProvider: { npi: '3333333334', taxId: '222222222' } };
  claims[2].partnerId = 'beta-partner';
  claims[2].data = { billingProvider: { npi: '3333333334' } };
  claims[3].data = { billingProvider: { npi: '4444444445' } };
  const mixed = await ledger.recordBatch({ name: 'mixed.json', sha256: 'a'.repeat(64), size: 10, partnerId: 'demo', claims });
  const onlyAlpha = intakeClaims(1, { prefix: 'ALP' });
  onlyAlpha[0].data = { billingProvider: { npi: '1111111112' } };
  const alphaBatch = await ledger.recordBatch({ name: 'alpha.json', sha256: 'b'.repeat(64), size: 10, partnerId: 'demo', claims: onlyAlpha });
  return { ledger, db: handle.db, mixed, alphaBatch };
}

describe('practices', () => {
  it('migration 0022 gives the rows already recorded to the default practice', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(join(dir, 'old.sqlite')) }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => ledgerMigrations('sqlite') } });
    expect((await migrator.migrateTo('0017-postgres-compat')).error).toBeUndefined();
    const at = '2026-01-01T00:00:00.000Z';
    await db.insertInto('files').values({ id: 'B1', direction: 'intake', partner_id: 'demo', name: 'b.json', sha256: 'x', dedupe_key: 'x', size: 1, kind: 'batch', state: 'processed', attempts: 0, created_at: at, updated_at: at }).execute();
    await db.insertInto('claims').values({ id: 'C1', batch_file_id: 'B1', batch_index: 0, partner_id: 'demo', payer_id: 'P1', claim_type: '837P', patient_control_number: 'PCN1', total_charge: '10.00', state: 'queued', data: '{}', created_at: at, updated_at: at }).execute();
    expect(await migrateToLatest(db, 'sqlite')).toContain('0022-tenants');
    expect(await db.selectFrom('claims').select('practice_id').execute()).toEqual([{ practice_id: 'default' }]);
    expect(await db.selectFrom('files').select('practice_id').execute()).toEqual([{ practice_id: 'default' }]);
    expect(await db.selectFrom('practices').select('id').execute()).toEqual([{ id: 'default' }]);
    await db.destroy();
  });

  it('stamps claims by billing provider NPI, then tax id, then partner, else the default practice; a mixed batch belongs to no practice', async () => {
    const { db, mixed, alphaBatch } = await seeded();
    const byIndex = await db.selectFrom('claims').select(['batch_index', 'practice_id']).where('batch_file_id', '=', mixed.file.id).orderBy('batch_index').execute();
    expect(byIndex.map((r) => r.practice_id)).toEqual(['alpha', 'beta', 'beta', 'default']);
    const files = await db.selectFrom('files').select(['id', 'practice_id']).execute();
    expect(files.find((f) => f.id === mixed.file.id)?.practice_id).toBeNull();
    expect(files.find((f) => f.id === alphaBatch.file.id)?.practice_id).toBe('alpha');
  });

  it('an NPI named by two practices is refused', async () => {
    handle = await openTestMemoryLedgerDb();
    await expect(syncPractices(handle.db, [{ id: 'a', name: 'A', billingProviderNpis: ['1'] }, { id: 'b', name: 'B', billingProviderNpis: ['1'] }])).rejects.toThrow(/npi 1 belongs to two practices/);
  });

  it('the scoped handle filters builder queries, aliases, joins and raw SQL to the scope, and refuses to run without one', async () => {
    const { db } = await seeded();
    const scoped = scopedDb(db);
    const pcns = () => scoped.selectFrom('claims').select('patient_control_number').orderBy('patient_control_number').execute().then((r) => r.map((x) => x.patient_control_number));
    await expect(pcns()).rejects.toBeInstanceOf(MissingPracticeScopeError);
    await expect(sql`SELECT count(*) AS n FROM claims`.execute(scoped)).rejects.toBeInstanceOf(MissingPracticeScopeError);
    await runInScope({ practiceIds: ['alpha'] }, async () => {
      expect(await pcns()).toEqual(['ALP00001', 'PCN00001']);
      const joined = await scoped.selectFrom('claim_lines as l').innerJoin('claims as c', 'c.id', 'l.claim_id').select('c.patient_control_number').distinct().execute();
      expect(joined.map((r) => r.patient_control_number).sort()).toEqual(['ALP00001', 'PCN00001']);
      // child tables follow their claim even when read alone
      expect((await scoped.selectFrom('claim_lines').select('claim_id').distinct().execute()).length).toBe(2);
      const raw = await sql<{ n: number }>`SELECT count(*) AS n FROM claims c JOIN claim_events e ON e.claim_id = c.id WHERE c.state = ${'queued'}`.execute(scoped);
      expect(Number(raw.rows[0].n)).toBe(2);
      const sub = await sql<{ n: number }>`SELECT count(*) AS n FROM files WHERE id IN (SELECT batch_file_id FROM claims)`.execute(scoped);
      expect(Number(sub.rows[0].n)).toBe(1); // the mixed batch belongs to no practice
    });
    await runInScope({ practiceIds: ['beta', 'default'] }, async () => expect(await pcns()).toEqual(['PCN00002', 'PCN00003', 'PCN00004']));
    await runInScope({ practiceIds: [] }, async () => expect(await pcns()).toEqual([]));
    await runInScope(ALL_PRACTICES, async () => expect((await pcns()).length).toBe(5));
    await runInScope({ practiceIds: ["x') OR 1=1 --"] }, async () => expect(pcns()).rejects.toThrow(/not a practice id/));
  });

  it('a patient payment recorded by a practice user belongs to the practice of the patient\'s claims, and only it sees the entry', async () => {
    const { db } = await seeded();
    await db.updateTable('claims').set({ patient_responsibility: '20.00', paid_amount: '130.00', member_id: 'M1', state: 'paid' }).where('patient_control_number', 'in', ['PCN00001', 'PCN00002']).execute();
    const alphaClaim = await db.selectFrom('claims').selectAll().where('patient_control_number', '=', 'PCN00001').executeTakeFirstOrThrow();
    const guarantor = guarantorIdOfClaim(alphaClaim);
    const scoped = scopedDb(db);
    const entry = { kind: 'payment' as const, amount: '5.00', date: '2024-04-01', method: 'cash' as const };
    const r = await runInScope({ practiceIds: ['alpha'] }, () => recordEntry(scoped, guarantor, entry, { actor: 'amy', now: new Date('2024-04-01T00:00:00Z') }));
    expect(r.ok).toBe(true);
    const rows = await sql<{ practice_id: string }>`SELECT practice_id FROM patient_entries`.execute(db);
    expect(rows.rows).toEqual([{ practice_id: 'alpha' }]);
    // the same patient seen from beta (its claim PCN00002): beta's account shows none of alpha's entry
    const fromBeta = await runInScope({ practiceIds: ['beta'] }, () => getAccount(scoped, guarantor));
    expect(fromBeta?.entries).toEqual([]);
    expect(fromBeta?.claims.map((c) => c.claimId)).toEqual(['PCN00002']);
    const fromAlpha = await runInScope({ practiceIds: ['alpha'] }, () => getAccount(scoped, guarantor));
    expect(fromAlpha?.entries.map((e) => e.amount)).toEqual(['5.00']);
  });
});
