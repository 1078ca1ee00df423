/**
 * Duplicate claims by content (issue 11 item 6): the same claim re-exported by the practice with other
 * bytes (another file, another batch id, other whitespace) is not sent twice. A claim is the same claim
 * when it has the same billing provider (NPI), patient control number (CLM01), payer, service dates and
 * charges (claim total and every line's). A replacement (CLM05-3 = 7) or void (8) is a deliberate
 * resubmission and is never a duplicate; an earlier copy the clearinghouse or the payer refused before
 * adjudicating it (or the scrubber rejected) does not count either, so a fixed claim can be sent again.
 */
import { createHash } from 'node:crypto';
import { cents } from '../accounts/money.js';
import type { IntakeClaim } from './posting-types.js';

export const DUPLICATE_CLAIM = 'DUPLICATE-CLAIM';

const text = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v === undefined || v === null ? '' : String(v));

/** The content key of a claim (a hash: the key itself carries no PHI). Pure. */
export function claimContentKey(claim: Pick<IntakeClaim, 'partnerId' | 'payerId' | 'patientControlNumber' | 'totalCharge' | 'lines' | 'data'>): string {
  const d = (claim.data ?? {}) as { billingProvider?: { npi?: unknown }; statementFrom?: unknown; statementTo?: unknown; lines?: Array<{ serviceDate?: unknown; serviceDateEnd?: unknown }> };
  const dates = [text(d.statementFrom), text(d.statementTo), ...(d.lines ?? []).map((l) => `${text(l.serviceDate)}~${text(l.serviceDateEnd)}`)];
  const parts = [
    text(claim.partnerId),
    text(d.billingProvider?.npi),
    text(claim.patientControlNumber),
    text(claim.payerId),
    dates.join(','),
    cents(claim.totalCharge),
    claim.lines.map((l) => cents(l.charge)).join(','),
  ];
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 40);
}
