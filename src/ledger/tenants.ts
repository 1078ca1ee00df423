/**
 * Practices (tenants, issue 17 item 3): who owns what, and the stamps that say so.
 *
 * A practice owns billing providers (NPI or tax id) and trading partners; a claim belongs to the
 * practice of its billing provider (NPI first, then tax id), else to the practice owning its partner,
 * else to the default practice. The owner is stamped in `practice_id` when a row is recorded, so that
 * every read filters on one indexed column (tenant-scope.ts) instead of joining back to providers:
 *  - claims: at intake (`claimPracticeResolver`, used by insertIntakeClaims);
 *  - files: a response file gets its partner's practice when received, then every file is re-stamped
 *    with the practice of the claims it carries once they are known (`stampFilePractice`): one practice
 *    → that one; claims of several practices → NULL (only service-wide users see it);
 *  - remittances: the practice of the claims they paid (`stampRemittancePractice`), else their file's.
 * The config's practices are written to the ledger at start (`syncPractices`) so every instance on a
 * shared database stamps the same way.
 */
import { sql, type Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';

export const DEFAULT_PRACTICE = 'default';

/** Practice ids are inlined in scoped SQL (tenant-scope.ts): letters, digits, `-`, `_`, `.` only. */
export const PRACTICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const PRACTICE_ROLES = ['admin', 'biller', 'read-only'] as const;
export type PracticeRole = (typeof PRACTICE_ROLES)[number];

export interface PracticesTable {
  id: string;
  name: string;
  created_at: string;
}
export interface PracticeProvidersTable {
  /** npi | tax-id */
  kind: string;
  value: string;
  practice_id: string;
}
export interface PracticePartnersTable {
  partner_id: string;
  practice_id: string;
}
export interface UserPracticesTable {
  user_id: string;
  practice_id: string;
  role: PracticeRole;
}
export interface TenantTables {
  practices: PracticesTable;
  practice_providers: PracticeProvidersTable;
  practice_partners: PracticePartnersTable;
  user_practices: UserPracticesTable;
}
export type TenantDatabase = LedgerDatabase & TenantTables;
export const tenantDb = (db: Kysely<any>): Kysely<TenantDatabase> => db as Kysely<TenantDatabase>;

/** A practice as the gateway config names it. */
export interface PracticeDefinition {
  id: string;
  name: string;
  /** Billing provider NPIs (2010AA NM109). */
  billingProviderNpis?: readonly string[];
  /** Billing provider tax ids (2010AA REF*EI), for providers billed without a practice NPI match. */
  taxIds?: readonly string[];
  /** Trading partner ids whose files belong to this practice. */
  partners?: readonly string[];
}

export function checkPracticeId(id: string): string {
  if (!PRACTICE_ID_PATTERN.test(id)) throw new Error(`practice id "${id}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  return id;
}

/**
 * Writes the config's practices to the ledger (one transaction): practices are added or renamed, the
 * providers and partners they own replaced. Practices no longer in the config are kept (their claims
 * still belong to them). An NPI, tax id or partner named by two practices is an error.
 */
export async function syncPractices(ledgerDb: Kysely<LedgerDatabase>, practices: readonly PracticeDefinition[], at = new Date()): Promise<void> {
  const owner = new Map<string, string>();
  const claim = (key: string, id: string) => {
    const prior = owner.get(key);
    if (prior && prior !== id) throw new Error(`${key} belongs to two practices: ${prior} and ${id}`);
    owner.set(key, id);
  };
  for (const p of practices) {
    checkPracticeId(p.id);
    for (const n of p.billingProviderNpis ?? []) claim(`npi ${n}`, p.id);
    for (const t of p.taxIds ?? []) claim(`tax-id ${t}`, p.id);
    for (const t of p.partners ?? []) claim(`partner ${t}`, p.id);
  }
  if (practices.length === 0) return;
  await tenantDb(ledgerDb).transaction().execute(async (trx) => {
    for (const p of practices) {
      const exists = await trx.selectFrom('practices').select('id').where('id', '=', p.id).executeTakeFirst();
      if (exists) await trx.updateTable('practices').set({ name: p.name }).where('id', '=', p.id).execute();
      else await trx.insertInto('practices').values({ id: p.id, name: p.name, created_at: at.toISOString() }).execute();
    }
    await trx.deleteFrom('practice_providers').execute();
    await trx.deleteFrom('practice_partners').execute();
    const providers = practices.flatMap((p) => [...(p.billingProviderNpis ?? []).map((value) => ({ kind: 'npi', value, practice_id: p.id })), ...(p.taxIds ?? []).map((value) => ({ kind: 'tax-id', value, practice_id: p.id }))]);
    if (providers.length) await trx.insertInto('practice_providers').values(providers).execute();
    const partners = practices.flatMap((p) => (p.partners ?? []).map((partner_id) => ({ partner_id, practice_id: p.id })));
    if (partners.length) await trx.insertInto('practice_partners').values(partners).execute();
  });
}

export async function ensurePractice(ledgerDb: Kysely<LedgerDatabase>, id: string, name = id, at = new Date()): Promise<void> {
  const db = tenantDb(ledgerDb);
  checkPracticeId(id);
  if (!(await db.selectFrom('practices').select('id').where('id', '=', id).executeTakeFirst())) await db.insertInto('practices').values({ id, name, created_at: at.toISOString() }).execute();
}

export async function listPractices(ledgerDb: Kysely<LedgerDatabase>): Promise<PracticesTable[]> {
  return tenantDb(ledgerDb).selectFrom('practices').selectAll().orderBy('id').execute();
}

/** The practice of a new claim, from its billing provider and partner (loaded once per intake chunk). */
export async function claimPracticeResolver(trx: Kysely<LedgerDatabase>): Promise<(claim: { partnerId: string; data: unknown }) => string> {
  const db = tenantDb(trx);
  const providers = await db.selectFrom('practice_providers').selectAll().execute();
  const partners = await db.selectFrom('practice_partners').selectAll().execute();
  const byNpi = new Map(providers.filter((p) => p.kind === 'npi').map((p) => [p.value, p.practice_id]));
  const byTaxId = new Map(providers.filter((p) => p.kind === 'tax-id').map((p) => [p.value, p.practice_id]));
  const byPartner = new Map(partners.map((p) => [p.partner_id, p.practice_id]));
  return (claim) => {
    const provider = (claim.data as { billingProvider?: { npi?: unknown; taxId?: unknown } } | null)?.billingProvider;
    const npi = typeof provider?.npi === 'string' ? byNpi.get(provider.npi) : undefined;
    const tax = typeof provider?.taxId === 'string' ? byTaxId.get(provider.taxId) : undefined;
    return npi ?? tax ?? byPartner.get(claim.partnerId) ?? DEFAULT_PRACTICE;
  };
}

/** The practice owning a partner, or the default practice. */
export async function partnerPractice(trx: Kysely<LedgerDatabase>, partnerId: string | null | undefined): Promise<string> {
  if (!partnerId) return DEFAULT_PRACTICE;
  const row = await tenantDb(trx).selectFrom('practice_partners').select('practice_id').where('partner_id', '=', partnerId).executeTakeFirst();
  return row?.practice_id ?? DEFAULT_PRACTICE;
}

/** One practice → it; several → null; none → `fallback`. */
const ownerOf = (rows: ReadonlyArray<{ practice_id: string | null }>, fallback: string | null) => {
  const ids = new Set(rows.map((r) => r.practice_id));
  return ids.size === 0 ? fallback : ids.size === 1 ? [...ids][0] : null;
};

/**
 * Stamps a file with the practice of the claims it carries (batch, 837, or a response that changed
 * them): one practice → it, several → NULL; a file that touched no claim keeps its stamp.
 * Every branch seeks from the file (claims of its 837 through `claims_ts`, from the file's interchanges:
 * a join written from the claims' side was planned by SQLite as a scan of every claim — issue 12, round 7).
 */
export async function stampFilePractice(trx: Kysely<LedgerDatabase>, fileId: string): Promise<void> {
  const rows = await sql<{ practice_id: string | null }>`
    SELECT DISTINCT practice_id FROM claims WHERE id IN (
      SELECT id FROM claims WHERE batch_file_id = ${fileId}
      UNION SELECT id FROM claims WHERE transaction_set_id IN (
        SELECT ts.id FROM transaction_sets ts JOIN groups g ON g.id = ts.group_id JOIN interchanges i ON i.id = g.interchange_id WHERE i.file_id = ${fileId})
      UNION SELECT claim_id FROM claim_events WHERE source_file_id = ${fileId}
      UNION SELECT rc.claim_id FROM remittance_claims rc JOIN remittances r ON r.id = rc.remittance_id WHERE r.file_id = ${fileId})`.execute(trx);
  if (rows.rows.length === 0) return;
  await trx.updateTable('files').set({ practice_id: ownerOf(rows.rows, null) }).where('id', '=', fileId).execute();
}

/**
 * `stampFilePractice` after one remittance of a response file was posted, without reading every claim the
 * file moved before (issue 12, round 7: a 1 GB 835 holds ~860 remittances and 4.3 M claim payments; the
 * whole-file query after each of them made posting quadratic). The stamp after the remittance is the stamp
 * before it combined with the practices of the claims it touched (its matched claims and the file's own
 * claims, e.g. next-payer claims): when those are one practice equal to the stamp, or the stamp is already
 * NULL (several), and the file had matched claims before this remittance, nothing changes; when they are
 * none, nothing changes either (the stamp already reflects the earlier claims). Every other case — the
 * file's first claims, a new practice — runs the whole-file `stampFilePractice`, exact by definition.
 */
export async function stampFilePracticeAfterRemittance(trx: Kysely<LedgerDatabase>, fileId: string, remittanceId: string): Promise<void> {
  const touched = await sql<{ practice_id: string | null }>`
    SELECT DISTINCT practice_id FROM claims WHERE id IN (
      SELECT claim_id FROM remittance_claims WHERE remittance_id = ${remittanceId} AND claim_id IS NOT NULL
      UNION SELECT id FROM claims WHERE batch_file_id = ${fileId})`.execute(trx);
  await stampFilePracticeWith(trx, fileId, new Set(touched.rows.map((r) => r.practice_id)), async () => {
    const earlier = await sql<{ one: number }>`
      SELECT 1 AS one FROM remittances r JOIN remittance_claims rc ON rc.remittance_id = r.id
      WHERE r.file_id = ${fileId} AND r.id <> ${remittanceId} AND rc.claim_id IS NOT NULL LIMIT 1`.execute(trx);
    return earlier.rows.length > 0;
  });
}

/**
 * `stampFilePractice` after a chunk of an intake batch's claims was inserted (issue 12, round 10: the
 * whole-file query after each chunk read every claim and event the batch had so far, so a 20,000-claim
 * batch's chunks grew from ~30 to ~130 ms and the API waited on them). An intake batch moves only its own
 * claims, so the stamp after the chunk is the stamp before it combined with the chunk's practices: when
 * the batch had claims before this chunk and the stamp is NULL (several practices already) or the chunk's
 * one practice, nothing changes. Every other case — the first chunk, a new practice — runs the whole-file
 * `stampFilePractice`, exact by definition.
 */
export async function stampFilePracticeAfterChunk(trx: Kysely<LedgerDatabase>, fileId: string, chunk: { claimIds: readonly string[]; practices: ReadonlyArray<string | null> }): Promise<void> {
  await stampFilePracticeWith(trx, fileId, new Set(chunk.practices), async () => {
    const earlier = await trx.selectFrom('claims').select('id').where('batch_file_id', '=', fileId).where('id', 'not in', [...chunk.claimIds]).limit(1).executeTakeFirst();
    return earlier !== undefined;
  });
}

/**
 * The rule both incremental stamps share: the file's stamp after a step that touched claims of these
 * `practices` is unchanged when the step touched none, or when the stamp is NULL (several practices already)
 * or the step's one practice and the file had claims before the step (`hadEarlierClaims`, asked only then).
 * Every other case runs the whole-file `stampFilePractice`.
 */
async function stampFilePracticeWith(trx: Kysely<LedgerDatabase>, fileId: string, practices: ReadonlySet<string | null>, hadEarlierClaims: () => Promise<boolean>): Promise<void> {
  if (practices.size === 0) return;
  const file = await trx.selectFrom('files').select('practice_id').where('id', '=', fileId).executeTakeFirst();
  const stamp = file?.practice_id ?? null;
  const same = stamp === null || (practices.size === 1 && practices.has(stamp));
  if (same && (await hadEarlierClaims())) return;
  await stampFilePractice(trx, fileId);
}

/** Stamps a remittance with the practice of the claims it paid, else its file's. */
export async function stampRemittancePractice(trx: Kysely<LedgerDatabase>, remittanceId: string): Promise<void> {
  const rows = await trx.selectFrom('remittance_claims').innerJoin('claims', 'claims.id', 'remittance_claims.claim_id').select('claims.practice_id').distinct().where('remittance_claims.remittance_id', '=', remittanceId).execute();
  const file = await trx.selectFrom('remittances').innerJoin('files', 'files.id', 'remittances.file_id').select('files.practice_id').where('remittances.id', '=', remittanceId).executeTakeFirst();
  await trx.updateTable('remittances').set({ practice_id: ownerOf(rows, file?.practice_id ?? DEFAULT_PRACTICE) }).where('id', '=', remittanceId).execute();
}

/** A user's practices and the role in each. */
export async function practicesOfUser(ledgerDb: Kysely<LedgerDatabase>, userId: string): Promise<Array<{ practiceId: string; role: PracticeRole }>> {
  const rows = await tenantDb(ledgerDb).selectFrom('user_practices').select(['practice_id', 'role']).where('user_id', '=', userId).orderBy('practice_id').execute();
  return rows.map((r) => ({ practiceId: r.practice_id, role: r.role }));
}

/** Adds a user to a practice (or changes the role there). The practice must exist. */
export async function setUserPractice(ledgerDb: Kysely<LedgerDatabase>, userId: string, practiceId: string, role: PracticeRole): Promise<void> {
  const db = tenantDb(ledgerDb);
  if (!(await db.selectFrom('practices').select('id').where('id', '=', practiceId).executeTakeFirst())) throw new Error(`no practice "${practiceId}" (practices come from the gateway config's "practices")`);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_practices').where('user_id', '=', userId).where('practice_id', '=', practiceId).execute();
    await trx.insertInto('user_practices').values({ user_id: userId, practice_id: practiceId, role }).execute();
  });
}

/**
 * Which practices a user sees: those listed for it in user_practices; a user with none is a
 * service-wide admin when its role is admin, and a user of the default practice otherwise (so an
 * install without practices works as before).
 */
export function practiceIdsFor(user: { role: string }, memberships: ReadonlyArray<{ practiceId: string }>): readonly string[] | 'all' {
  if (memberships.length) return memberships.map((m) => m.practiceId);
  return user.role === 'admin' ? 'all' : [DEFAULT_PRACTICE];
}
