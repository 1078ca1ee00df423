/**
 * Keyset paging (issue 10, item 10): the rows after a cursor in a given order, without OFFSET (which
 * re-reads every earlier row) and without holding a query open between pages (other work on the ledger
 * connection goes on between two pages of an export).
 *
 * For keys k1..kn and the last row's values v1..vn, "after" is the union, in this order, of
 *   k1 = v1 AND … AND k(n-1) = v(n-1) AND kn after vn      (ordered by kn)
 *   …
 *   k1 after v1                                            (ordered by k1..kn)
 * — each an equality prefix plus one range, which SQLite answers by a seek into an index on the keys.
 * NULLs sort first ascending and last descending (SQLite's rule, written out in the ORDER BY so that
 * PostgreSQL, which sorts them the other way, agrees), and are handled explicitly, since a row-value
 * comparison with a NULL is never true.
 */
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';

export interface KeyColumn {
  /** Qualified column, e.g. 'claims.created_at'. */
  column: string;
  dir: 'asc' | 'desc';
  /** The column may hold NULL (descending: NULLs come last, so "after" must include them). */
  nullable?: boolean;
}

/** The key values of a row, in key order (the last key must make the row unique). */
export type Cursor = readonly unknown[];

export interface KeyRow {
  id: string;
  cursor: Cursor;
}

type From = () => SelectQueryBuilder<any, any, {}>;

const after = (k: KeyColumn, v: unknown): RawBuilder<SqlBool> | undefined => {
  const ref = sql.ref(k.column);
  if (k.dir === 'asc') return v === null ? sql<SqlBool>`${ref} IS NOT NULL` : sql<SqlBool>`${ref} > ${v}`;
  if (v === null) return undefined;
  // A plain range on a NOT NULL column: an OR would keep SQLite from seeking in the index.
  return k.nullable ? sql<SqlBool>`(${ref} < ${v} OR ${ref} IS NULL)` : sql<SqlBool>`${ref} < ${v}`;
};
const same = (k: KeyColumn, v: unknown): RawBuilder<SqlBool> => (v === null ? sql<SqlBool>`${sql.ref(k.column)} IS NULL` : sql<SqlBool>`${sql.ref(k.column)} = ${v}`);

function ordered(q: SelectQueryBuilder<any, any, any>, keys: readonly KeyColumn[]) {
  // NULLs placed explicitly (SQLite's default, which PostgreSQL reverses) for nullable keys only.
  for (const k of keys) q = k.nullable ? q.orderBy(sql.ref(k.column), (ob) => (k.dir === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast())) : q.orderBy(sql.ref(k.column), k.dir);
  return q;
}

/**
 * Ids (and cursors) of the next `limit` rows after `cursor` (from the start when undefined). `from`
 * gives the filtered FROM and WHERE; `idColumn` the id returned for each row.
 */
export async function nextKeys(from: From, keys: readonly KeyColumn[], idColumn: string, cursor: Cursor | undefined, limit: number): Promise<KeyRow[]> {
  const select = (q: SelectQueryBuilder<any, any, {}>) => q.select([sql.ref(idColumn).as('__id'), ...keys.map((k, i) => sql.ref(k.column).as(`__k${i}`))]);
  const toRow = (r: Record<string, unknown>): KeyRow => ({ id: String(r.__id), cursor: keys.map((_, i) => r[`__k${i}`]) });
  if (!cursor) return (await ordered(select(from()), keys).limit(limit).execute()).map(toRow);
  const out: KeyRow[] = [];
  for (let level = keys.length - 1; level >= 0 && out.length < limit; level--) {
    const range = after(keys[level], cursor[level]);
    if (!range) continue;
    let q = select(from());
    for (let i = 0; i < level; i++) q = q.where(same(keys[i], cursor[i]));
    q = q.where(range);
    const rows = await ordered(q, keys.slice(level)).limit(limit - out.length).execute();
    out.push(...rows.map(toRow));
  }
  return out;
}

/** Every page of ids in key order, `pageSize` at a time, each page a fresh query (see nextKeys). */
export async function* keysetPages(from: From, keys: readonly KeyColumn[], idColumn: string, pageSize: number): AsyncGenerator<string[]> {
  let cursor: Cursor | undefined;
  for (;;) {
    const page = await nextKeys(from, keys, idColumn, cursor, pageSize);
    if (page.length) yield page.map((r) => r.id);
    if (page.length < pageSize) return;
    cursor = page[page.length - 1].cursor;
  }
}
