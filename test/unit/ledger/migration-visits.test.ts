/** Migration 0009-visits on a ledger recorded before it: claims are linked into visits, keys added. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerMigrations, migrateToLatest } from '../../../src/ledger/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig-visits-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0009-visits', () => {
  it('links resubmissions (claim actions) and replacements/voids (REF*F8 = an earlier CLP07) into one visit', async () => {
    const sqlite = new Database(join(dir, 'old.sqlite'));
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => ledgerMigrations('sqlite') } });
    expect((await migrator.migrateTo('0008-workbench-patient-columns')).error).toBeUndefined();
    const at = (n: number) => `2026-01-0${n}T00:00:00.000Z`;
    await db.insertInto('files').values({ id: 'B1', direction: 'intake', partner_id: 'demo', name: 'b.json', sha256: 'x', dedupe_key: 'x', size: 1, kind: 'batch', state: 'processed', attempts: 0, created_at: at(1), updated_at: at(1) }).execute();
    const claim = (id: string, n: number, data: object, payer: string | null) => ({ id, batch_file_id: 'B1', batch_index: n, partner_id: 'demo', payer_id: 'P1', claim_type: '837P', patient_control_number: 'PCN1', total_charge: '10.00', service_date: '2026-01-01', state: 'paid', payer_claim_number: payer, data: JSON.stringify(data), created_at: at(n), updated_at: at(n) });
    await db
      .insertInto('claims')
      .values([
        claim('C1', 1, { frequency: '1' }, 'PAYER-1'),
        claim('C2', 2, { frequency: '7', originalClaimNumber: 'PAYER-1' }, 'PAYER-2'),
        claim('C3', 3, { frequency: '8', originalClaimNumber: 'PAYER-2' }, null),
        claim('D1', 4, { kind: 'institutional', typeOfBill: '131' }, null),
        claim('D2', 5, { frequency: '1' }, null),
      ])
      .execute();
    await db.insertInto('claim_actions').values({ id: 'W1', claim_id: 'D1', action: 'resubmit-original', new_claim_id: 'D2', actor: 'bill', at: at(5), frequency: '1', detail: null }).execute();
    expect(await migrateToLatest(db, 'sqlite')).toContain('0009-visits');
    const rows = await db.selectFrom('claims').select(['id', 'visit_id', 'frequency', 'content_key']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.visit_id, r.frequency])).toEqual([
      ['C1', 'C1', '1'],
      ['C2', 'C1', '7'],
      ['C3', 'C1', '8'],
      ['D1', 'D1', '1'],
      ['D2', 'D1', '1'],
    ]);
    expect(rows.every((r) => r.content_key === null)).toBe(true);
    await db.destroy();
  });
});
