/**
 * `insertRows` (issue 12, round 10): the INSERT it runs is the statement Kysely compiles for the same rows
 * — same text and parameters on SQLite and PostgreSQL — and rows it cannot take as they are (keys in
 * another order, a missing key, a non-plain value, a handle with a plugin) go through Kysely, so the
 * table ends up the same either way.
 */
import { describe, expect, it } from 'vitest';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type KyselyPlugin } from 'kysely';
import { insertRows, insertText } from '../../../src/ledger/insert-rows.js';
import { openLedgerDb } from '../../../src/ledger/db.js';

type DB = { t: { a: string; b: number | null; 'we"ird': string } };

const compiler = (dialect: 'sqlite' | 'postgres') =>
  new Kysely<DB>({
    dialect: {
      createAdapter: () => (dialect === 'sqlite' ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (dialect === 'sqlite' ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (dialect === 'sqlite' ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });

describe('insertRows', () => {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    it(`writes the INSERT Kysely compiles (${dialect})`, () => {
      for (const count of [1, 2, 3, 100]) {
        const rows = Array.from({ length: count }, (_, k) => ({ a: `x${k}`, b: k % 2 ? null : k, 'we"ird': 'q' }));
        const kysely = compiler(dialect).insertInto('t').values(rows).compile();
        expect(insertText(dialect, 't', Object.keys(rows[0]), count)).toBe(kysely.sql);
        expect(kysely.parameters).toEqual(rows.flatMap((r) => Object.values(r)));
      }
    });
  }

  it('records the same rows as Kysely, taking odd rows through Kysely', async () => {
    const dump = async (rows: Array<Record<string, unknown>>, plugin?: KyselyPlugin) => {
      const handle = await openLedgerDb({ file: ':memory:' });
      const db = handle.db as unknown as Kysely<any>;
      await db.schema.createTable('t').addColumn('a', 'text').addColumn('b', 'integer').addColumn('c', 'text', (c) => c.defaultTo('dflt')).execute();
      await insertRows(plugin ? db.withPlugin(plugin) : db, 't', rows);
      const reference = await db.selectFrom('t').selectAll().orderBy('a').execute();
      await db.deleteFrom('t').execute();
      await db.insertInto('t').values(rows).execute();
      const kysely = await db.selectFrom('t').selectAll().orderBy('a').execute();
      await handle.close();
      return { reference, kysely };
    };
    const cases: Array<Array<Record<string, unknown>>> = [
      [{ a: 'p', b: 1, c: 'x' }, { a: 'q', b: null, c: "it's" }],
      [{ a: 'p', b: 1 }, { b: 2, a: 'q' }], // keys in another order
      [{ a: 'p', b: 1 }, { a: 'q' }], // a key missing: Kysely's DEFAULT
      [{ a: 'p', b: 1, c: undefined }], // undefined: Kysely leaves the column out
      [{ a: 'p', b: 10n }],
    ];
    for (const rows of cases) {
      const { reference, kysely } = await dump(rows);
      expect(reference).toEqual(kysely);
    }
    const noop: KyselyPlugin = { transformQuery: (a) => a.node, transformResult: async (a) => a.result };
    const { reference, kysely } = await dump(cases[0], noop);
    expect(reference).toEqual(kysely);
  });
});
