/**
 * A multi-row INSERT of plain rows without Kysely's query builder (issue 12, round 10): building and
 * compiling `insertInto(t).values(rows)` for 100 rows of ~35 columns costs more than SQLite's own work on
 * the statement's values. `insertRows` writes the same statement text Kysely would (`insert into "t"
 * ("a", "b") values (?, ?), (?, ?)`; `$n` on PostgreSQL), once per table, column list and row count, and
 * runs it with the rows' values in that order.
 *
 * Only for rows whose keys are the same, in the same order, and whose values are plain (string, number,
 * bigint, null), on a handle without Kysely plugins (a plugin would see the query); anything else goes
 * through Kysely as before. test/unit/ledger/insert-rows.test.ts compares the two on both dialects' text.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { dialectOf } from './sql-dialect.js';

type Row = Record<string, unknown>;

const plain = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint';

/** Keys of `rows[0]` when every row has exactly these keys in this order with plain values; else undefined. */
function sameColumns(rows: readonly Row[]): string[] | undefined {
  const columns = Object.keys(rows[0]);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length) return undefined;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== columns[i] || !plain(row[keys[i]])) return undefined;
  }
  return columns;
}

const quoteId = (name: string) => '"' + name.replace(/"/g, '""') + '"';

/** Statement texts by dialect, table, columns and row count (a handful: intake's chunk sizes). */
const texts = new Map<string, string>();

/** The INSERT text for `count` rows of `columns` into `table`, as Kysely compiles it. */
export function insertText(dialect: 'sqlite' | 'postgres', table: string, columns: readonly string[], count: number): string {
  const key = `${dialect}\u0000${table}\u0000${columns.join('\u0000')}\u0000${count}`;
  let text = texts.get(key);
  if (text === undefined) {
    let n = 0;
    const param = dialect === 'postgres' ? () => `$${++n}` : () => '?';
    const tuples: string[] = [];
    for (let r = 0; r < count; r++) tuples.push('(' + columns.map(param).join(', ') + ')');
    text = `insert into ${quoteId(table)} (${columns.map(quoteId).join(', ')}) values ${tuples.join(', ')}`;
    if (texts.size > 256) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/** Inserts `rows` into `table` in one statement (the caller slices them as it would for Kysely). */
export async function insertRows<DB>(db: Kysely<DB>, table: keyof DB & string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = db.getExecutor().plugins.length === 0 ? sameColumns(rows) : undefined;
  if (!columns) {
    await db.insertInto(table).values(rows as never).execute();
    return;
  }
  const values: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) for (const c of columns) values[i++] = row[c];
  await db.executeQuery(CompiledQuery.raw(insertText(dialectOf(db), table, columns, rows.length), values));
}
