/**
 * The gateway's use of src/claims: checking each claim of a batch (schema + scrubber; the file itself is
 * read by batch-stream.ts), and writing one 837 interchange with control numbers the ledger reserved. Pure.
 */
import { createBatchWriter } from '../claims/batch-writer.js';
import { acceptClaim } from '../claims/accept-claim.js';
import { KINDS } from '../claims/kinds.js';
import { Claim, type ClaimKind } from '../claims/model.js';
import type { PartnerProfile } from '../claims/partner.js';
import type { ScrubFinding } from '../claims/scrub/types.js';
import type { ScrubOptions } from '../claims/scrub/scrub.js';
import { partnerHint, partnerRuleFindings, type PartnerRules } from '../claims/snip/partner-rules.js';
import { denialRuleEdits, type AcceptedRule } from '../denials/rule-edits.js';
import type { InterchangeBuild, ReservedNumbers } from '../ledger/ledger.js';
import type { IntakeClaim } from '../ledger/posting-types.js';
import { isOversized, type OversizedClaim } from './batch-stream.js';

export interface BatchFile {
  batchId?: string;
  partnerId?: string;
  claims: unknown[];
}

export interface CheckOptions {
  today: string;
  defaultPartner: string;
  knownPartners: ReadonlySet<string>;
  /** Denial rules a person accepted (src/denials): their findings are added to matching claims. */
  denialRules?: readonly AcceptedRule[];
  /** SNIP 7: a partner's rules (its profile's `rules`), applied to the claims that go to it. */
  partnerRules?: (partnerId: string) => PartnerRules | undefined;
  /** The patients' last eligibility answers (src/gateway/eligibility-facts.ts): the scrubber's ELIGIBILITY-* warnings. */
  lastEligibility?: ScrubOptions['lastEligibility'];
}

export interface CheckedClaim {
  intake: IntakeClaim;
  findings: ScrubFinding[];
  claimId: string;
}

/** Checks every claim of a batch; rejected ones keep their findings (each with the fix). */
export function checkBatch(batch: BatchFile, options: CheckOptions): CheckedClaim[] {
  return checkClaims(batch.claims, { startIndex: 0, batchPartnerId: batch.partnerId, seenClaimIds: new Set() }, options);
}

/**
 * Checks a run of a batch's claims (a chunk of a streamed batch): `startIndex` is the first one's place in
 * the batch, `seenClaimIds` carries the duplicate-id check across chunks. A claim too large to keep is
 * rejected (CLAIM-TOO-LARGE) and its content not stored.
 */
export function checkClaims(raws: readonly unknown[], chunk: { startIndex: number; batchPartnerId?: string; seenClaimIds: Set<string> }, options: CheckOptions): CheckedClaim[] {
  return raws.map((raw, k) => {
    const index = chunk.startIndex + k;
    if (isOversized(raw)) return oversizedClaim(index, raw, chunk.batchPartnerId ?? options.defaultPartner);
    const rules = options.partnerRules?.(partnerHint(raw, chunk.batchPartnerId ?? options.defaultPartner)!);
    const result = acceptClaim(raw, { today: options.today, seenClaimIds: chunk.seenClaimIds, skip: rules?.skipEdits, lastEligibility: options.lastEligibility });
    const partnerId = result.claim?.partnerId ?? chunk.batchPartnerId ?? options.defaultPartner;
    const findings = [...result.findings];
    if (result.claim && rules) findings.push(...partnerRuleFindings(result.claim, rules, result.claimId, partnerId));
    if (result.claim && options.denialRules?.length) findings.push(...denialRuleEdits(options.denialRules, result.claim));
    if (!options.knownPartners.has(partnerId)) {
      findings.push({ claimId: result.claimId, code: 'PARTNER-UNKNOWN', field: '$.partnerId', message: 'The claim names a trading partner the gateway has no profile for.', fix: 'Use the id of a partner in config/partners/, or leave it out to use the default partner.', severity: 'error' });
    }
    const rejected = findings.filter((f) => f.severity === 'error');
    const c = result.claim;
    const intake: IntakeClaim = {
      index,
      partnerId,
      payerId: c?.payer.id ?? 'UNKNOWN',
      claimType: c ? KINDS[c.kind].guideId : 'unknown',
      patientControlNumber: c?.claimId ?? (result.claimId || `#${index + 1}`),
      totalCharge: c?.totalCharge && /^-?\d+(\.\d+)?$/.test(c.totalCharge) ? c.totalCharge : '0',
      serviceDate: c ? firstServiceDate(c) : null,
      lines: c
        ? c.lines.map((l, i) => ({ lineNumber: i + 1, lineControl: l.lineControlNumber ?? String(i + 1), procedureCode: 'procedureCode' in l ? (l.procedureCode ?? null) : null, charge: l.charge, units: 'units' in l ? String(l.units) : null }))
        : [],
      data: c ?? raw,
      rejected: rejected.length ? rejected.map((f) => ({ code: f.code, message: f.message, field: f.field })) : undefined,
    };
    return { intake, findings, claimId: result.claimId };
  });
}

function oversizedClaim(index: number, raw: OversizedClaim, partnerId: string): CheckedClaim {
  const finding: ScrubFinding = {
    claimId: '',
    code: 'CLAIM-TOO-LARGE',
    field: '$',
    message: `The claim is ${raw.chars} characters long, more than a claim can be; it was not read.`,
    fix: 'Remove the oversized field (a claim is a few kilobytes) and send the claim again.',
    severity: 'error',
  };
  return {
    intake: { index, partnerId, payerId: 'UNKNOWN', claimType: 'unknown', patientControlNumber: `#${index + 1}`, totalCharge: '0', serviceDate: null, lines: [], data: null, rejected: [{ code: finding.code, message: finding.message, field: finding.field }] },
    findings: [finding],
    claimId: '',
  };
}

function firstServiceDate(c: Claim): string | null {
  const dates = c.lines.map((l) => ('serviceDate' in l ? l.serviceDate : undefined)).filter((d): d is string => !!d).sort();
  return dates[0] ?? null;
}

/**
 * Writes `claims` (one kind, at most the partner's claims per file) as one interchange with the
 * reserved numbers. The ledger calls this inside the transaction that reserved them.
 */
export function build837(partner: PartnerProfile, claims: Array<{ id: string; claim: Claim }>, numbers: ReservedNumbers, fileName: (kind: string) => string, batchId?: string): InterchangeBuild {
  const kinds = new Set(claims.map((c) => c.claim.kind));
  if (kinds.size !== 1) throw new Error('one interchange carries one claim kind');
  const kind = [...kinds][0] as ClaimKind;
  const chunks: string[] = [];
  let interchanges = 0;
  let groups = 0;
  let transactions = 0;
  const byClaim = new Map<Claim, string>();
  for (const c of claims) byClaim.set(c.claim, c.id);
  const placed = new Map<number, string[]>();
  const writer = createBatchWriter({
    partner: { ...partner, limits: { ...partner.limits, maxClaimsPerFile: Math.max(partner.limits.maxClaimsPerFile, claims.length) } },
    header: batchId && /^[A-Za-z0-9-]{1,30}$/.test(batchId) ? { batchId } : undefined,
    date: numbers.date,
    time: numbers.time,
    allocator: {
      interchange: () => {
        if (interchanges++ > 0) throw new Error('a chunk must fit one interchange');
        return numbers.interchange;
      },
      group: () => {
        if (groups++ > 0) throw new Error('a chunk must fit one functional group');
        return numbers.group;
      },
      transaction: () => ++transactions,
    },
    openFile: () => ({ write: (t) => chunks.push(t), close: () => undefined }),
    onClaimWritten: (claim, where) => {
      const list = placed.get(where.transaction) ?? [];
      list.push(byClaim.get(claim)!);
      placed.set(where.transaction, list);
    },
  });
  for (const c of claims) {
    const clash = writer.add(c.claim);
    if (clash) throw new Error(`claim ${c.id} holds a delimiter character and cannot be written`);
  }
  writer.end();
  return {
    text: chunks.join(''),
    fileName: fileName(KINDS[kind].guideId),
    kind: KINDS[kind].guideId,
    functionalId: 'HC',
    version: KINDS[kind].version,
    transactions: [...placed.entries()].map(([n, ids]) => ({ controlNumber: String(n).padStart(4, '0'), type: '837', claimIds: ids })),
  };
}

export { Claim };
