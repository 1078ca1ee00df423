/**
 * The exports' keyset paging returns exactly the rows of one ORDER BY over everything, in the same order,
 * whatever the page size: ties on every key, NULLs in the nullable ones (issue 10, item 10).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { exportBalances, exportClaims, exportWorklist } from '../../../src/ledger/export-queries.js';
import { openTestMemoryLedgerDb } from '../../helpers/test-ledger.js';

const N = 1500;

async function seeded() {
  const handle = await openTestMemoryLedgerDb();
  const db = handle.db;
  await sql`INSERT INTO files (id, direction, name, sha256, size, kind, state, attempts, created_at, updated_at) VALUES ('B1', 'intake', 'a', 'a', 1, 'batch', 'processed', 0, '2025', '2025'), ('B2', 'intake', 'b', 'b', 1, 'batch', 'processed', 0, '2025', '2025')`.execute(db);
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor(seed / 65536) % n);
  const pick = <T>(xs: T[]) => xs[rnd(xs.length)];
  for (let i = 0; i < N; i++) {
    const state = pick(['denied', 'payer-rejected', 'paid', 'scrub-rejected', 'queued']);
    await sql`INSERT INTO claims (id, batch_file_id, batch_index, partner_id, payer_id, claim_type, patient_control_number, total_charge, service_date, state, patient_responsibility, data, created_at, updated_at, patient_last, patient_first)
      VALUES (${`C${String(rnd(1e9)).padStart(9, '0')}-${i}`}, ${pick(['B1', 'B2'])}, ${i}, 'demo', ${pick(['P1', 'P2'])}, 'professional', ${`PCN${i}`}, '10.00', ${pick([null, '2025-01-01', '2025-01-02'])}, ${state},
        ${pick([null, '0.00', '5.00', '7.50'])}, '{}', ${pick(['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z'])}, ${pick(['2025-02-01T00:00:00Z', '2025-02-02T00:00:00Z'])},
        ${pick([null, 'ADAMS', 'BAKER', 'BAKER'])}, ${pick([null, 'ANN', 'BOB'])})`.execute(db);
  }
  return handle;
}

async function all<T extends { id: string }>(pages: AsyncIterable<T[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of pages) out.push(...p.map((r) => r.id));
  return out;
}

describe('keyset-paged exports', () => {
  it('equal one ORDER BY over everything, for any page size', async () => {
    const handle = await seeded();
    const db = handle.db;
    const ids = async (q: ReturnType<typeof sql<{ id: string }>>) => (await q.execute(db)).rows.map((r) => r.id);
    const claims = await ids(sql`SELECT id FROM claims ORDER BY created_at DESC, batch_file_id DESC, batch_index DESC`);
    const worklist = await ids(sql`SELECT id FROM claims WHERE state IN ('denied', 'payer-rejected', 'scrub-rejected') ORDER BY updated_at DESC, id`);
    const balances = await ids(sql`SELECT id FROM claims WHERE patient_responsibility IS NOT NULL AND patient_responsibility != '0.00' ORDER BY patient_last NULLS FIRST, patient_first NULLS FIRST, service_date NULLS FIRST, id`);
    expect(claims).toHaveLength(N);
    expect(balances.length).toBeGreaterThan(N / 3);
    for (const size of [1, 7, 250, 5000]) {
      expect(await all(exportClaims(db, {}, size)), `claims/${size}`).toEqual(claims);
      expect(await all(exportWorklist(db, {}, size)), `worklist/${size}`).toEqual(worklist);
      expect(await all(exportBalances(db, size)), `balances/${size}`).toEqual(balances);
    }
    // Filters apply as on the pages.
    expect(await all(exportClaims(db, { payerId: 'P1' }, 13))).toEqual(await ids(sql`SELECT id FROM claims WHERE payer_id = 'P1' ORDER BY created_at DESC, batch_file_id DESC, batch_index DESC`));
    expect(await all(exportWorklist(db, { state: ['denied'], payerId: 'P2' }, 13))).toEqual(await ids(sql`SELECT id FROM claims WHERE state = 'denied' AND payer_id = 'P2' ORDER BY updated_at DESC, id`));
    await handle.close();
  });
});
