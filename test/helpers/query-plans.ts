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

type PlanRow = { id?: number; parent?: number; detail: string };

/** The plan rows that lie inside a correlated subquery (run once per row of the statement around it). */
function insideCorrelated(plan: ReadonlyArray<PlanRow>): PlanRow[] {
  const byId = new Map(plan.map((r) => [r.id, r]));
  const correlated = (r: PlanRow): boolean => {
    for (let p = byId.get(r.parent); p; p = byId.get(p.parent)) if (p.detail.startsWith('CORRELATED')) return true;
    return false;
  };
  return plan.filter(correlated);
}

/**
 * Per-row reads of a whole practice (issue 12 round 12): plan lines inside a correlated subquery that seek one of
 * `claims`' practice-leading indexes (claims_practice_created / _updated): every claim of the practice — or every
 * newer one — once per row of the outer statement.
 */
export function correlatedPracticeReads(plan: ReadonlyArray<PlanRow>): string[] {
  return insideCorrelated(plan).filter((r) => /^SEARCH \w+ USING (COVERING )?INDEX claims_practice_/.test(r.detail) && !/^LIST SUBQUERY/.test(byParent(plan, r)?.detail ?? '')).map((r) => r.detail);
}

/**
 * IN-lists built again each time they are evaluated: a `LIST SUBQUERY` inside a correlated subquery without a
 * `CREATE BLOOM FILTER` — SQLite computes an IN (SELECT …) list once per statement (OP_Once, with a bloom
 * filter) except where it cannot, and then, inside a correlated subquery, once per outer row. A scoped child
 * table (tenant-scope.ts: `claim_id IN (SELECT id FROM claims WHERE practice_id IN …)`) makes that list every
 * claim id of the practice.
 */
export function listsBuiltPerRow(plan: ReadonlyArray<PlanRow>): string[] {
  const byId = new Map(plan.map((r) => [r.id, r]));
  /** The nearest subquery around a row: a list (built once or per row itself) or a correlated subquery. */
  const enclosing = (r: PlanRow) => {
    for (let p = byId.get(r.parent); p; p = byId.get(p.parent)) if (/^(CORRELATED|LIST SUBQUERY)/.test(p.detail)) return p;
    return undefined;
  };
  return plan
    .filter((r) => /^LIST SUBQUERY/.test(r.detail) && enclosing(r)?.detail.startsWith('CORRELATED') && !plan.some((c) => c.parent === r.id && c.detail === 'CREATE BLOOM FILTER'))
    .map((r) => r.detail);
}

function byParent(plan: ReadonlyArray<PlanRow>, r: PlanRow): PlanRow | undefined {
  return plan.find((p) => p.id === r.parent);
}
