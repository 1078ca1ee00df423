/**
 * Migration 0008: the patient columns of `claims` (patient_last, patient_first, member_id) are filled when
 * a claim is recorded and, for claims recorded before the migration, by its backfill — with the same
 * values the workbench used to read from the JSON with json_extract.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, ledgerMigrations, migrateToLatest, openLedgerDb, sha256, type LedgerDb } from '../../../src/ledger/index.js';
import { patientColumns } from '../../../src/ledger/patient-columns.js';
import { intakeClaims } from './fixtures.js';

/** Claim JSON shapes, ordinary and odd, with what json_extract made of them. */
const DOCS: Array<{ name: string; data: unknown; expected: { patient_last: string | null; patient_first: string | null; member_id: string | null } }> = [
  { name: 'subscriber is the patient', data: { subscriber: { memberId: 'M001', name: { last: 'DOE', first: 'JANE' } } }, expected: { patient_last: 'DOE', patient_first: 'JANE', member_id: 'M001' } },
  { name: 'a patient loop wins', data: { subscriber: { memberId: 'M002', name: { last: 'DOE', first: 'JOHN' } }, patient: { name: { last: 'DOE', first: 'BABY' } } }, expected: { patient_last: 'DOE', patient_first: 'BABY', member_id: 'M002' } },
  { name: 'per field: patient last name, subscriber first name', data: { subscriber: { memberId: 'M003', name: { last: 'ROE', first: 'RICHARD' } }, patient: { name: { last: 'SMITH' } } }, expected: { patient_last: 'SMITH', patient_first: 'RICHARD', member_id: 'M003' } },
  { name: 'JSON null falls back to the subscriber', data: { subscriber: { memberId: 'M004', name: { last: 'ROE', first: 'RITA' } }, patient: { name: { last: null, first: 'RUBY' } } }, expected: { patient_last: 'ROE', patient_first: 'RUBY', member_id: 'M004' } },
  { name: 'non-ASCII and quotes', data: { subscriber: { memberId: 'M-ü', name: { last: "O'BRIÉN", first: 'Zoë "Z"' } } }, expected: { patient_last: "O'BRIÉN", patient_first: 'Zoë "Z"', member_id: 'M-ü' } },
  { name: 'numbers and booleans as text', data: { subscriber: { memberId: 12345, name: { last: 1.5, first: true } } }, expected: { patient_last: '1.5', patient_first: '1', member_id: '12345' } },
  { name: 'an object where a name belongs', data: { subscriber: { memberId: ['A', 1], name: { last: { x: 1 }, first: false } } }, expected: { patient_last: '{"x":1}', patient_first: '0', member_id: '["A",1]' } },
  { name: 'no names at all', data: { synthetic: true, i: 1 }, expected: { patient_last: null, patient_first: null, member_id: null } },
  { name: 'a patient that is not an object', data: { patient: 'X', subscriber: { name: 'Y' } }, expected: { patient_last: null, patient_first: null, member_id: null } },
  { name: 'null data', data: null, expected: { patient_last: null, patient_first: null, member_id: null } },
  { name: 'an array', data: [1, 2], expected: { patient_last: null, patient_first: null, member_id: null } },
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-pc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A ledger database migrated only up to `target` (what an installation had before 0008). */
function oldLedger(target: string) {
  const sqlite = new Database(join(dir, 'old.sqlite'));
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => ledgerMigrations('sqlite') } });
  return { sqlite, db, migrateTo: async () => migrator.migrateTo(target) };
}

async function insertOldClaims(db: Kysely<any>, docs: unknown[]) {
  const at = '2026-01-02T03:04:05.000Z';
  await db.insertInto('files').values({ id: 'BOLD', direction: 'intake', partner_id: 'demo', name: 'old.json', sha256: 'x', dedupe_key: 'x', size: 1, kind: 'batch', state: 'processed', attempts: 0, created_at: at, updated_at: at }).execute();
  await db
    .insertInto('claims')
    .values(
      docs.map((data, i) => ({
        id: `COLD${i}`,
        batch_file_id: 'BOLD',
        batch_index: i,
        partner_id: 'demo',
        payer_id: 'P1',
        claim_type: '837P',
        patient_control_number: `PCN${i}`,
        total_charge: '10.00',
        service_date: '2026-01-01',
        state: 'queued',
        patient_responsibility: i % 2 ? '5.00' : null,
        data: JSON.stringify(data),
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}

describe('claims patient columns (migration 0008)', () => {
  it('patientColumns gives what json_extract read from the stored JSON', () => {
    for (const d of DOCS) expect(patientColumns(d.data), d.name).toEqual(d.expected);
  });

  it('recordBatch fills the columns of every new claim', async () => {
    const handle: LedgerDb = await openLedgerDb({ dataDir: dir });
    try {
      const ledger = createLedger(handle.db);
      const claims = intakeClaims(DOCS.length).map((c, i) => ({ ...c, data: DOCS[i].data }));
      const { claimIds } = await ledger.recordBatch({ name: 'b.json', sha256: sha256('b'), size: 1, claims });
      const rows = await handle.db.selectFrom('claims').select(['id', 'patient_last', 'patient_first', 'member_id']).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      claimIds.forEach((id, i) => expect({ ...byId.get(id), id: undefined }, DOCS[i].name).toEqual({ id: undefined, ...DOCS[i].expected }));
      // and they agree with json_extract over the stored text
      const viaSql = await sql<{ id: string; l: string | null; f: string | null; m: string | null }>`
        SELECT id, coalesce(json_extract(data, '$.patient.name.last'), json_extract(data, '$.subscriber.name.last')) AS l,
               coalesce(json_extract(data, '$.patient.name.first'), json_extract(data, '$.subscriber.name.first')) AS f,
               json_extract(data, '$.subscriber.memberId') AS m FROM claims`.execute(handle.db);
      for (const r of viaSql.rows) {
        const c = byId.get(r.id)!;
        expect([c.patient_last, c.patient_first, c.member_id]).toEqual([r.l === null ? null : String(r.l), r.f === null ? null : String(r.f), r.m === null ? null : String(r.m)]);
      }
      expect(await ledger.verify()).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it('the migration backfills claims recorded before it, adds the indexes and drops the member-id expression index', async () => {
    const old = oldLedger('0007-workbench');
    const r = await old.migrateTo();
    expect(r.error).toBeUndefined();
    const cols = (await sql<{ name: string }>`PRAGMA table_info(claims)`.execute(old.db)).rows.map((c) => c.name);
    expect(cols).not.toContain('patient_last');
    await insertOldClaims(
      old.db,
      DOCS.map((d) => d.data),
    );
    expect((await migrateToLatest(old.db, 'sqlite'))[0]).toBe('0008-workbench-patient-columns');
    const rows = await old.db.selectFrom('claims').select(['id', 'patient_last', 'patient_first', 'member_id']).orderBy('batch_index').execute();
    expect(rows).toHaveLength(DOCS.length);
    rows.forEach((row, i) => expect({ patient_last: row.patient_last, patient_first: row.patient_first, member_id: row.member_id }, DOCS[i].name).toEqual(DOCS[i].expected));
    const indexes = (await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'index'`.execute(old.db)).rows;
    const names = indexes.map((i) => i.name);
    for (const n of ['claims_wb_owing_claims', 'claims_wb_owing_patients', 'claims_wb_state_created', 'claims_wb_payer_created', 'claims_wb_service_created', 'files_wb_contact']) expect(names).toContain(n);
    expect(names).not.toContain('claims_wb_member');
    expect(names).not.toContain('claims_wb_service_date');
    expect(indexes.find((i) => i.name === 'claims_wb_owing_claims')?.sql).toMatch(/where "patient_responsibility" is not null and "patient_responsibility" != '0\.00'/i);
    // A new claim recorded after the migration gets its columns from recordBatch.
    const ledger = createLedger(old.db);
    const { claimIds } = await ledger.recordBatch({ name: 'new.json', sha256: sha256('new'), size: 1, claims: intakeClaims(1).map((c) => ({ ...c, data: DOCS[1].data })) });
    expect(await old.db.selectFrom('claims').select(['patient_last', 'patient_first', 'member_id']).where('id', '=', claimIds[0]).executeTakeFirst()).toEqual(DOCS[1].expected);
    await old.db.destroy();
  });

  it('the migration is all or nothing: a failed backfill leaves no columns behind and can be run again', async () => {
    const old = oldLedger('0007-workbench');
    await old.migrateTo();
    await insertOldClaims(old.db, [DOCS[0].data, DOCS[1].data]);
    old.sqlite.exec(`CREATE TRIGGER no_update BEFORE UPDATE ON claims BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    await expect(migrateToLatest(old.db, 'sqlite')).rejects.toThrow(/disk on fire/);
    const cols = (await sql<{ name: string }>`PRAGMA table_info(claims)`.execute(old.db)).rows.map((c) => c.name);
    expect(cols).not.toContain('patient_last');
    expect(cols).not.toContain('member_id');
    old.sqlite.exec('DROP TRIGGER no_update');
    expect((await migrateToLatest(old.db, 'sqlite'))[0]).toBe('0008-workbench-patient-columns');
    expect(await old.db.selectFrom('claims').select(['patient_last', 'patient_first', 'member_id']).orderBy('batch_index').execute()).toEqual([DOCS[0].expected, DOCS[1].expected]);
    await old.db.destroy();
  });
});
