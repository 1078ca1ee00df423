/**
 * Claims to the next payer (issue 14 item 1, migration 0018-secondary-claims): when an 835 posts for a claim
 * whose patient has further coverage, the next payer's claim is enqueued in the same transaction as the
 * posting, exactly once per answered claim (`secondary_claims.source_claim_id` is the primary key; a
 * duplicate or re-posted 835 finds the row and adds nothing).
 *
 * What to enqueue is decided by a hook the gateway passes (`NextPayerHook`: the pure builder in
 * src/claims/cob and the scrubber); the ledger only stores: the new claim goes in through
 * `insertIntakeClaims` like any intake claim (queued → the normal generate → upload path), or, when held,
 * as scrub-rejected with the hold's reason and fields in its intake event (the worklist shows them).
 */
import type { Kysely, Transaction } from 'kysely';
import { claimIdFor } from './ledger-context.js';
import { insertIntakeClaims } from './intake-chunks.js';
import type { IntakeClaim, RemittancePosting } from './posting-types.js';
import type { LedgerDatabase } from './schema.js';

export interface SecondaryClaimsTable {
  source_claim_id: string;
  claim_id: string;
  responsibility: string;
  patient_control_number: string;
  state: 'created' | 'held';
  remittance_id: string;
  hold_reason: string | null;
  created_at: string;
}

type Db = Kysely<LedgerDatabase & { secondary_claims: SecondaryClaimsTable }>;
const secondaryDb = (db: Kysely<LedgerDatabase> | Transaction<LedgerDatabase>) => db as unknown as Db;

/** One claim payment of a posted 835, as the hook sees it. */
export type PostedClaimPayment = RemittancePosting['claims'][number];

/** What the gateway decides for one answered claim. */
export type NextPayerDecision =
  | { status: 'none' }
  /** `intake.rejected` + `intake.held` set when held (partner setting or incomplete coverage). */
  | { status: 'send' | 'hold'; responsibility: string; intake: Omit<IntakeClaim, 'index'> };

export type NextPayerHook = (input: {
  partnerId: string;
  /** The answered claim as stored (claims.data: PHI, never logged). */
  claimData: string;
  payment: PostedClaimPayment;
  /** BPR16 and DTM*405 of the 835. */
  paymentDate: string | null;
  productionDate: string | null;
}) => NextPayerDecision;

export interface AnsweredClaim {
  claimId: string;
  partnerId: string;
  payment: PostedClaimPayment;
}

/**
 * Enqueues the next payer's claim of each answered claim that has none yet; returns how many were
 * created and held. Runs inside the posting's transaction (`trx`).
 */
export async function enqueueNextPayerClaims(
  trx: Transaction<LedgerDatabase>,
  input: { fileId: string; remittanceId: string; at: string; answered: AnsweredClaim[]; hook: NextPayerHook; paymentDate: string | null; productionDate: string | null },
): Promise<{ created: number; held: number }> {
  const out = { created: 0, held: 0 };
  if (input.answered.length === 0) return out;
  const sdb = secondaryDb(trx);
  const ids = input.answered.map((a) => a.claimId);
  const done = new Set<string>();
  const data = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    for (const r of await sdb.selectFrom('secondary_claims').select('source_claim_id').where('source_claim_id', 'in', slice).execute()) done.add(r.source_claim_id);
    for (const r of await trx.selectFrom('claims').select(['id', 'data']).where('id', 'in', slice).execute()) data.set(r.id, r.data);
  }
  const last = await trx.selectFrom('claims').select((eb) => eb.fn.max('batch_index').as('n')).where('batch_file_id', '=', input.fileId).executeTakeFirst();
  let index = last?.n === null || last?.n === undefined ? 0 : Number(last.n) + 1;
  for (const a of input.answered) {
    const claimData = data.get(a.claimId);
    if (done.has(a.claimId) || claimData === undefined) continue;
    // Cheap test before parsing: no other payer at all, no next payer.
    if (!claimData.includes('"otherPayers":[{')) continue;
    const decision = input.hook({ partnerId: a.partnerId, claimData, payment: a.payment, paymentDate: input.paymentDate, productionDate: input.productionDate });
    if (decision.status === 'none') continue;
    const batchSha = `cob:${a.claimId}`;
    const intake: IntakeClaim = { ...decision.intake, index };
    const id = claimIdFor(batchSha, index);
    index++;
    await insertIntakeClaims(trx, { fileId: input.fileId, batchSha, claims: [intake], at: input.at });
    const held = decision.status === 'hold' || !!intake.rejected?.length;
    await sdb
      .insertInto('secondary_claims')
      .values({
        source_claim_id: a.claimId,
        claim_id: id,
        responsibility: decision.responsibility,
        patient_control_number: intake.patientControlNumber,
        state: held ? 'held' : 'created',
        remittance_id: input.remittanceId,
        hold_reason: intake.held ? JSON.stringify(intake.held) : intake.rejected?.length ? JSON.stringify({ reason: 'scrubber', codes: intake.rejected.map((r) => r.code) }) : null,
        created_at: input.at,
      })
      .execute();
    if (held) out.held++;
    else out.created++;
  }
  return out;
}

/** The next payer's claim each of `claimIds` caused (by source claim id). */
export async function secondaryClaimsOf(db: Kysely<LedgerDatabase>, claimIds: readonly string[]): Promise<Map<string, SecondaryClaimsTable>> {
  const out = new Map<string, SecondaryClaimsTable>();
  for (let i = 0; i < claimIds.length; i += 500) {
    for (const r of await secondaryDb(db).selectFrom('secondary_claims').selectAll().where('source_claim_id', 'in', claimIds.slice(i, i + 500)).execute()) out.set(r.source_claim_id, r);
  }
  return out;
}

/** Every next payer's claim, oldest first (the demo's and the tests' count). */
export async function allSecondaryClaims(db: Kysely<LedgerDatabase>): Promise<SecondaryClaimsTable[]> {
  return secondaryDb(db).selectFrom('secondary_claims').selectAll().orderBy('created_at').orderBy('source_claim_id').execute();
}
