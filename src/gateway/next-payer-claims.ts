/**
 * The gateway's side of secondary (and tertiary) claims: the hook the ledger calls while it posts an 835
 * (src/ledger/secondary-claims.ts). For each answered claim with further coverage it builds the next
 * payer's claim (src/claims/cob, pure), scrubs it like any intake claim (checkClaims: schema, scrubber,
 * the partner's SNIP 7 rules, accepted denial rules), and decides per the partner's `secondaryClaims`
 * setting: `send` queues it for the normal generate → upload path, `hold` keeps it on the worklist for a
 * person. A claim whose coverage is incomplete is held naming the missing fields. Pure once built.
 */
import { nextPayerClaimFrom835 } from '../claims/cob/secondary-from-835.js';
import { hasFurtherCoverage } from '../claims/cob/further-coverage.js';
import type { PayerAnswer } from '../claims/cob/payer-answer.js';
import { Claim, type OtherPayer } from '../claims/model.js';
import type { NextPayerHook, PostedClaimPayment } from '../ledger/secondary-claims.js';
import { checkClaims, type CheckOptions } from './claims-port.js';
import type { GatewayPartnerProfile } from './partners.js';

/** Finding codes of held next-payer claims (state scrub-rejected, on the worklist). */
export const SECONDARY_HELD = 'SECONDARY-HELD';
export const SECONDARY_INCOMPLETE = 'SECONDARY-INCOMPLETE';

/** CLP02 of an answer the payer forwarded to the next payer(s) itself: processed as primary / secondary / tertiary, forwarded. */
export const FORWARDED_STATUS: readonly string[] = ['19', '20', '21'];

/** What stands in a missing identifier of a held secondary claim (never sent: the claim is held until a person completes it). */
export const MISSING_PLACEHOLDER = 'MISSING';

/** A next coverage field the builder can miss → how to fill it, and the field of the built claim it becomes. */
const COVERAGE_FIELDS: ReadonlyArray<{ path: RegExp; fill: (o: OtherPayer) => void; field: string }> = [
  { path: /^\$\.otherPayers\[(\d+)\]\.subscriber\.memberId$/, fill: (o) => void (o.subscriber.memberId = MISSING_PLACEHOLDER), field: '$.subscriber.memberId' },
  { path: /^\$\.otherPayers\[(\d+)\]\.payer\.id$/, fill: (o) => void (o.payer.id = MISSING_PLACEHOLDER), field: '$.payer.id' },
  { path: /^\$\.otherPayers\[(\d+)\]\.claimFilingIndicator$/, fill: (o) => void (o.claimFilingIndicator = 'ZZ'), field: '$.subscriber.claimFilingIndicator' },
];

/** The original with placeholders in the missing coverage identifiers, when nothing else is missing. */
function withPlaceholders(original: Claim, missing: ReadonlyArray<{ field: string }>): { claim: Claim; fields: string[] } | undefined {
  const claim = structuredClone(original);
  const fields: string[] = [];
  for (const m of missing) {
    const known = COVERAGE_FIELDS.find((f) => f.path.test(m.field));
    const index = known ? Number(known.path.exec(m.field)![1]) : -1;
    if (!known || !claim.otherPayers[index]) return undefined;
    known.fill(claim.otherPayers[index]);
    fields.push(known.field);
  }
  return { claim, fields };
}

/** A posted 835 claim payment as the builder's input (adjudication date: BPR16, else DTM*405). */
export function payerAnswerFromPosting(p: PostedClaimPayment, paymentDate: string | null, productionDate: string | null): PayerAnswer {
  return {
    patientControlNumber: p.patientControlNumber,
    statusCode: p.statusCode,
    billed: p.billed,
    paid: p.paid,
    patientResponsibility: p.patientResponsibility,
    payerClaimNumber: p.payerClaimNumber,
    adjudicationDate: paymentDate ?? productionDate ?? undefined,
    adjustments: p.adjustments,
    lines: p.lines.map((l) => ({
      lineControl: l.lineControl,
      procedureQualifier: l.procedureQualifier,
      procedureCode: l.procedureQualifier === 'NU' ? undefined : l.procedureCode,
      modifiers: l.modifiers,
      units: l.units,
      charge: l.charge,
      paid: l.paid,
      adjustments: l.adjustments,
    })),
  };
}

/**
 * The primary claim as stored, for building its secondary. A claim stored under an older, looser model
 * (before issue 12 round 11's guide minimum lengths: a one-character city, a blank name) no longer parses;
 * it was a whole claim when stored, so it is read as it is: its secondary is built and then refused by the
 * scrubber naming the field (on the worklist for a person), never skipped without a word. Anything that is
 * not a stored claim at all gives undefined.
 */
function storedPrimary(claimData: string): { claim: Claim; loose: boolean } | undefined {
  const raw: unknown = JSON.parse(claimData);
  const parsed = Claim.safeParse(raw);
  if (parsed.success) return { claim: parsed.data, loose: false };
  const c = raw as Partial<Claim> | null;
  const whole = !!c && typeof c === 'object' && ['professional', 'institutional', 'dental'].includes(c.kind as string) && Array.isArray(c.lines) && Array.isArray(c.otherPayers) && !!c.subscriber && !!c.payer;
  return whole ? { claim: c as Claim, loose: true } : undefined;
}

export function nextPayerHook(options: CheckOptions & { partners: ReadonlyMap<string, Pick<GatewayPartnerProfile, 'secondaryClaims'>> }): NextPayerHook {
  const build: NextPayerHook = (input) => {
    const stored = storedPrimary(input.claimData);
    if (!stored || !hasFurtherCoverage(stored.claim)) return { status: 'none' };
    if (!stored.loose) return buildFrom(stored.claim, input);
    try {
      return buildFrom(stored.claim, input);
    } catch {
      // A loose stored claim the builder cannot read: no secondary, as before (the posting itself goes on).
      return { status: 'none' };
    }
  };
  return build;

  function buildFrom(original: Claim, { partnerId, payment, paymentDate, productionDate }: Parameters<NextPayerHook>[0]): ReturnType<NextPayerHook> {
    const result = nextPayerClaimFrom835(original, payerAnswerFromPosting(payment, paymentDate, productionDate));
    if (result.status === 'none') return { status: 'none' };
    const check = (claim: Claim) => checkClaims([claim], { startIndex: 0, batchPartnerId: partnerId, seenClaimIds: new Set() }, options)[0].intake;
    if (result.status === 'held') {
      // Only the next coverage's identifiers are missing: the secondary is built with a placeholder in
      // each, held naming the secondary claim's own field, so a person completes it and resubmits it as is.
      const patched = withPlaceholders(original, result.missing);
      if (patched) {
        const rebuilt = nextPayerClaimFrom835(patched.claim, payerAnswerFromPosting(payment, paymentDate, productionDate));
        if (rebuilt.status === 'built') {
          const missing = patched.fields.map((f, k) => ({ field: f, message: result.missing[k].message }));
          return {
            status: 'hold',
            responsibility: result.responsibility,
            intake: { ...check({ ...rebuilt.claim, partnerId }), rejected: missing.map((m) => ({ code: SECONDARY_INCOMPLETE, message: m.message, field: m.field })), held: { reason: 'incomplete', missing } },
          };
        }
      }
      // Otherwise (the 835 does not fit the claim): the original claim under the next claim's id, for a person.
      const next = original.otherPayers.find((o) => o.responsibility === result.responsibility);
      const intake = check({ ...original, claimId: result.claimId, partnerId });
      return {
        status: 'hold',
        responsibility: result.responsibility,
        intake: {
          ...intake,
          payerId: next?.payer.id.trim() || 'UNKNOWN',
          rejected: result.missing.map((m) => ({ code: SECONDARY_INCOMPLETE, message: m.message, field: m.field })),
          held: { reason: 'incomplete', missing: result.missing },
        },
      };
    }
    const intake = check({ ...result.claim, partnerId });
    if (FORWARDED_STATUS.includes(payment.statusCode ?? '') && !intake.rejected?.length) {
      // The payer sent the claim on to the next payer itself (crossover): ours would reach it a second time.
      const message = `The payer forwarded this claim to the next payer itself (CLP02 ${payment.statusCode}: crossover); built and scrubbed, not sent, so the next payer does not get it twice.`;
      return { status: 'hold', responsibility: result.responsibility, intake: { ...intake, rejected: [{ code: SECONDARY_HELD, message }], held: { reason: 'forwarded', missing: [] } } };
    }
    if (options.partners.get(partnerId)?.secondaryClaims !== 'hold' || intake.rejected?.length) return { status: 'send', responsibility: result.responsibility, intake };
    const message = 'The partner holds secondary claims for review (partner setting secondaryClaims: hold); built and scrubbed, not sent.';
    return {
      status: 'hold',
      responsibility: result.responsibility,
      intake: { ...intake, rejected: [{ code: SECONDARY_HELD, message }], held: { reason: 'partner-hold', missing: [] } },
    };
  }
}
