/**
 * Practice scope (issue 17 item 3): the one place where "a user sees only their practices' data" is
 * turned into SQL, so that no query can forget it.
 *
 * A scope is `{ practiceIds: [...] }` or `{ practiceIds: 'all' }` (service-wide). The API derives it once
 * per request from the signed-in user and runs the request inside it (`runInScope`). The ledger handle
 * the API and pages use is `scopedDb(db)`: a Kysely plugin that rewrites every query before it is
 * compiled, replacing each practice-owned table in a FROM or JOIN with the same table filtered to the
 * scope:
 *
 *     FROM claims c   →   FROM (SELECT * FROM claims WHERE practice_id IN ('A')) AS c
 *
 * for query-builder queries and raw `sql` text alike (`SCOPED_TABLES` says how each table is filtered:
 * its own `practice_id`, or its parent's). A query on a practice-owned table run with no scope at all
 * throws — a route that escaped the request scope fails loudly instead of reading every practice. The
 * gateway's runtime (intake, generation, posting) uses the plain handle: it works for all practices.
 *
 * Writes are not rewritten: the API writes only rows it has read through the scope first (a claim of
 * another practice answers 404 before any write).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AliasNode,
  IdentifierNode,
  OperationNodeTransformer,
  RawNode,
  TableNode,
  type DeleteQueryNode,
  type FromNode,
  type JoinNode,
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { DEFAULT_PRACTICE, PRACTICE_ID_PATTERN } from './tenants.js';

/** Who may see what: a list of practice ids, or every practice (service-wide users and the runtime). */
export interface PracticeScope {
  practiceIds: readonly string[] | 'all';
}

export const ALL_PRACTICES: PracticeScope = Object.freeze({ practiceIds: 'all' });
/** Sees nothing (a request with no principal: login page, health). */
export const NO_PRACTICE: PracticeScope = Object.freeze({ practiceIds: [] });

const storage = new AsyncLocalStorage<PracticeScope>();

/** Runs `fn` (and everything it starts) inside `scope`. */
export function runInScope<T>(scope: PracticeScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the running request, if any. */
export function currentScope(): PracticeScope | undefined {
  return storage.getStore();
}

/**
 * The practice a row recorded by the running request belongs to when nothing better says (a deposit
 * import, a statement run): the scope's one practice, else the default practice.
 */
export function practiceForNewRows(): string {
  const ids = storage.getStore()?.practiceIds;
  return Array.isArray(ids) && ids.length === 1 ? ids[0] : DEFAULT_PRACTICE;
}

/** True when `scope` may see rows of `practiceId` (NULL = several practices: service-wide only). */
export function scopeAllows(scope: PracticeScope, practiceId: string | null): boolean {
  return scope.practiceIds === 'all' || (practiceId !== null && scope.practiceIds.includes(practiceId));
}

/**
 * How each practice-owned table is filtered, as a WHERE condition on the table's own columns; `$in` is
 * the scope's id list. Tables that hold no practice_id follow their parent. A new table that belongs to
 * a practice gets a line here (docs/tenants.md).
 */
export const SCOPED_TABLES: Readonly<Record<string, string>> = {
  claims: 'practice_id IN $in',
  files: 'practice_id IN $in',
  remittances: 'practice_id IN $in',
  patient_entries: 'practice_id IN $in',
  patient_statements: 'practice_id IN $in',
  statement_runs: 'practice_id IN $in',
  deposit_imports: 'practice_id IN $in',
  bank_deposits: 'practice_id IN $in',
  claim_lines: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  claim_events: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  claim_versions: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  claim_actions: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  claim_appeals: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  claim_triage: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  remittance_claims: '(claim_id IN (SELECT id FROM claims WHERE practice_id IN $in) OR remittance_id IN (SELECT id FROM remittances WHERE practice_id IN $in))',
  remittance_lines: 'remittance_claim_id IN (SELECT rc.id FROM remittance_claims rc WHERE rc.claim_id IN (SELECT id FROM claims WHERE practice_id IN $in) OR rc.remittance_id IN (SELECT id FROM remittances WHERE practice_id IN $in))',
  adjustments: 'remittance_claim_id IN (SELECT rc.id FROM remittance_claims rc WHERE rc.claim_id IN (SELECT id FROM claims WHERE practice_id IN $in) OR rc.remittance_id IN (SELECT id FROM remittances WHERE practice_id IN $in))',
  provider_adjustments: 'remittance_id IN (SELECT id FROM remittances WHERE practice_id IN $in)',
  acknowledgments: '(file_id IN (SELECT id FROM files WHERE practice_id IN $in) OR claim_id IN (SELECT id FROM claims WHERE practice_id IN $in))',
  unmatched: 'file_id IN (SELECT id FROM files WHERE practice_id IN $in)',
  interchanges: 'file_id IN (SELECT id FROM files WHERE practice_id IN $in)',
  groups: 'interchange_id IN (SELECT i.id FROM interchanges i WHERE i.file_id IN (SELECT id FROM files WHERE practice_id IN $in))',
  transaction_sets: '(id IN (SELECT transaction_set_id FROM claims WHERE practice_id IN $in) OR group_id IN (SELECT g.id FROM groups g JOIN interchanges i ON i.id = g.interchange_id WHERE i.file_id IN (SELECT id FROM files WHERE practice_id IN $in)))',
  remote_files: 'file_id IN (SELECT id FROM files WHERE practice_id IN $in)',
  audit_log: '(claim_id IN (SELECT id FROM claims WHERE practice_id IN $in) OR file_id IN (SELECT id FROM files WHERE practice_id IN $in))',
  // Issue 14: secondary claims, claim-status follow-up, alerts and their outbound deliveries follow their claim (or file).
  secondary_claims: 'source_claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  status_inquiries: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  status_answers: '(claim_id IN (SELECT id FROM claims WHERE practice_id IN $in) OR (claim_id IS NULL AND file_id IN (SELECT id FROM files WHERE practice_id IN $in)))',
  alerts: 'claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)',
  eligibility_checks: 'practice_id IN $in',
  eligibility_benefits: 'check_id IN (SELECT id FROM eligibility_checks WHERE practice_id IN $in)',
  outbound_deliveries: '(subject_id IN (SELECT a.id FROM alerts a WHERE a.claim_id IN (SELECT id FROM claims WHERE practice_id IN $in)) OR subject_id IN (SELECT id FROM files WHERE practice_id IN $in))',
};

/** `('A', 'B')`; ids are checked against PRACTICE_ID_PATTERN, so inlining them is safe; `(NULL)` for none. */
function idList(ids: readonly string[]): string {
  for (const id of ids) if (!PRACTICE_ID_PATTERN.test(id)) throw new Error(`not a practice id: ${JSON.stringify(id)}`);
  return ids.length ? `(${ids.map((id) => `'${id}'`).join(', ')})` : '(NULL)';
}

/** `(SELECT * FROM <table> WHERE <its condition>)` for a scope (not 'all'). */
export function scopedSource(table: string, ids: readonly string[]): string {
  const condition = SCOPED_TABLES[table];
  if (!condition) throw new Error(`${table} is not a practice-owned table`);
  return `(SELECT * FROM ${table} WHERE ${condition.replaceAll('$in', idList(ids))})`;
}

const TABLE_NAMES = Object.keys(SCOPED_TABLES).join('|');
const STOP_WORDS = 'WHERE|ON|JOIN|LEFT|RIGHT|INNER|OUTER|FULL|CROSS|NATURAL|GROUP|ORDER|LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|USING|SET|VALUES|HAVING|WINDOW|RETURNING|FOR';
/** FROM/JOIN <scoped table> [AS] [alias] in raw SQL text (not DELETE FROM: writes are not rewritten). */
const RAW_TABLE = new RegExp(`(?<!DELETE\\s+)\\b(FROM|JOIN)(\\s+)"?(${TABLE_NAMES})"?(?![\\w.(])(?:(\\s+)(?:AS\\s+)?(?!(?:${STOP_WORDS})\\b)([A-Za-z_][A-Za-z0-9_]*))?`, 'gi');

class ScopeTransformer extends OperationNodeTransformer {
  constructor(private readonly ids: readonly string[]) {
    super();
  }

  private scoped(node: OperationNode): OperationNode {
    if (TableNode.is(node)) {
      const name = node.table.identifier.name;
      return SCOPED_TABLES[name] && !node.table.schema ? AliasNode.create(RawNode.createWithSql(scopedSource(name, this.ids)), IdentifierNode.create(name)) : node;
    }
    if (AliasNode.is(node) && TableNode.is(node.node)) {
      const name = node.node.table.identifier.name;
      return SCOPED_TABLES[name] && !node.node.table.schema ? AliasNode.create(RawNode.createWithSql(scopedSource(name, this.ids)), node.alias) : node;
    }
    return node;
  }

  protected override transformFrom(node: FromNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): FromNode {
    const t = super.transformFrom(node, queryId);
    return { ...t, froms: t.froms.map((f) => this.scoped(f)) };
  }

  protected override transformJoin(node: JoinNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): JoinNode {
    const t = super.transformJoin(node, queryId);
    return { ...t, table: this.scoped(t.table) };
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): DeleteQueryNode {
    return { ...super.transformDeleteQuery(node, queryId), from: node.from };
  }

  protected override transformRaw(node: RawNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): RawNode {
    const t = super.transformRaw(node, queryId);
    const fragments = t.sqlFragments.map((f) =>
      f.replace(RAW_TABLE, (_m, kw: string, sp: string, table: string, _sp2: string | undefined, alias: string | undefined) => `${kw}${sp}${scopedSource(table.toLowerCase(), this.ids)} AS ${alias ?? table.toLowerCase()}`),
    );
    return fragments.every((f, i) => f === t.sqlFragments[i]) ? t : { ...t, sqlFragments: fragments };
  }
}

/** Thrown when a practice-owned table is read with no scope: a bug in the caller, never data. */
export class MissingPracticeScopeError extends Error {
  constructor() {
    super('a ledger query on practice-owned data ran outside a practice scope (runInScope)');
  }
}

const touchesScopedTable = (node: RootOperationNode) => new RegExp(`\\b(${TABLE_NAMES})\\b`, 'i').test(JSON.stringify(node));

/** The plugin behind `scopedDb`. */
export function practiceScopePlugin(): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const scope = storage.getStore();
      if (!scope) {
        // Inserts (an audit line written after the response) read nothing; anything else must be scoped.
        if (args.node.kind !== 'InsertQueryNode' && touchesScopedTable(args.node)) throw new MissingPracticeScopeError();
        return args.node;
      }
      if (scope.practiceIds === 'all') return args.node;
      return new ScopeTransformer(scope.practiceIds).transformNode(args.node, args.queryId);
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
}

/** The ledger handle for the API and pages: every read of practice-owned data filtered to the request's scope. */
export function scopedDb<DB>(db: Kysely<DB>): Kysely<DB> {
  return db.withPlugin(practiceScopePlugin());
}
