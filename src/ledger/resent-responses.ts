/**
 * Responses a clearinghouse sends again (issue 10 item 11). An 835 is posted once per payer + TRN02; an
 * 835 re-sent under a new TRN02 with the same claim payments (same claims, same amounts) is recognised
 * by its content and flagged for a person instead of being posted as a second payment. Pure.
 * (A late TA1 rejection for an interchange already answered is handled in ack-postings.ts.)
 */
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { RemittancePosting } from './posting-types.js';

/** Hash of an 835's claim payments (payer, and per claim CLP01/02/03/04/05/07), or undefined when it has none. */
export function remittanceContentKey(remit: Pick<RemittancePosting, 'payerKey' | 'claims'>): string | undefined {
  if (!remit.claims.length) return undefined;
  const claims = remit.claims
    .map((c) => [c.patientControlNumber, c.statusCode, new Decimal(c.billed).toFixed(2), new Decimal(c.paid).toFixed(2), new Decimal(c.patientResponsibility).toFixed(2), c.payerClaimNumber ?? ''].join('~'))
    .sort();
  return createHash('sha256').update([remit.payerKey, ...claims].join('|')).digest('hex').slice(0, 40);
}
