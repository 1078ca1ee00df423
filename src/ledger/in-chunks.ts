/**
 * `IN (...)` lists built from arrays never grow past SQLite's bound-variable limit (32,766 since 3.32,
 * 999 before): a list longer than IN_CHUNK is queried in chunks and the rows concatenated. Use it for
 * every `where(col, 'in', array)` whose array comes from data (a page of ids, a claim's payments).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

export const IN_CHUNK = 500;

export async function inChunks<V, R>(values: readonly V[], run: (chunk: V[]) => Promise<R[]>, size = IN_CHUNK): Promise<R[]> {
  if (values.length === 0) return [];
  if (values.length <= size) return run([...values]);
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await run(values.slice(i, i + size))));
  return out;
}

/**
 * `column IN (ids)` with ONE bound value however many ids (SQLite's json_each over a JSON array): for
 * filters inside paged or counted queries, where running the query in chunks would change its meaning.
 */
export const idIn = (column: string, ids: readonly string[]): RawBuilder<SqlBool> => sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
