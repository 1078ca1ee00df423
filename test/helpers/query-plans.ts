/**
 * Reading SQLite query plans in tests: which plan lines read a whole ledger table (`SCAN x`, a full table
 * or full index scan), and which indexes a plan seeks. Used by the posting, intake/generation and workbench
 * plan tests (test/unit/ledger/posting-query-plans.test.ts, test/unit/billing-rules/workbench-queries.test.ts).
 */

/** The ledger's tables that grow with every intake and posting (and the claims they match). */
export const GROWING = ['claims', 'claim_events', 'remittances', 'remittance_claims', 'remittance_lines', 'adjustments', 'unmatched', 'files', 'secondary_claims', 'posting_progress', 'visits', 'interchanges', 'groups', 'transaction_sets'];

/** Every table or alias a plan line reads whole: `SCAN x` (a full table or full index scan). */
export function fullScans(plan: ReadonlyArray<{ detail: string }>, sqlText: string, tables: readonly string[] = GROWING): string[] {
  const aliases = aliasesOf(sqlText);
  const out: string[] = [];
  for (const { detail } of plan) {
    const m = /^SCAN (\w+)/.exec(detail);
    if (!m) continue;
    const table = aliases.get(m[1]!) ?? m[1]!;
    if (tables.includes(table)) out.push(detail);
  }
  return out;
}

/**
 * The plan lines that read a table itself from end to end (`SCAN x` with no index; a walk of an index in its
 * order, `SCAN x USING INDEX i`, is left out — the workbench's ordered pages and whole-ledger counts do that).
 */
export function tableScans(plan: ReadonlyArray<{ detail: string }>, sqlText: string, tables: readonly string[] = GROWING): string[] {
  return fullScans(plan, sqlText, tables).filter((d) => !/ USING /.test(d));
}

/** Table aliases of a statement (`from claims c`, `join claims as p`) → their tables. */
function aliasesOf(sqlText: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of sqlText.matchAll(/\b(?:from|join)\s+"?(\w+)"?(?:\s+(?:as\s+)?"?(\w+)"?)?/gi)) {
    const alias = m[2] && !/^(where|on|inner|left|join|group|order|limit|set|union|values)$/i.test(m[2]) ? m[2] : m[1]!;
    aliases.set(alias, m[1]!);
  }
  return aliases;
}

/** The indexes a plan reads (`USING INDEX x`, `USING COVERING INDEX x`), in plan order, without repeats. */
export function indexesOf(plan: ReadonlyArray<{ detail: string }>): string[] {
  const out: string[] = [];
  for (const { detail } of plan) for (const m of detail.matchAll(/USING (?:COVERING )?INDEX (\w+)/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}
