/**
 * Why a claim needs a person, in plain words, and which field to fix. Every kind of answer maps here:
 * scrubber findings (already name a field), a TA1 or 999 rejection, a 277CA rejection (STC category,
 * status and entity), an 835 denial or reduction (CARC/RARC). Pure; texts come from the code lists.
 */
import { describeCode } from '../remits/codes.js';
import type { ScrubFinding } from '../claims/scrub/types.js';
import { fieldLabel } from './fields.js';

export interface Reason {
  /** scrubber | TA1 | 999 | 277CA | 835 */
  source: string;
  code: string;
  /** What is wrong, in the biller's words. */
  text: string;
  /** What to do about it. */
  fix: string;
  /** JSON path of the field to fix, when one can be named. */
  field?: string;
  fieldLabel?: string;
  /** 835 denials: the next action's kind from the denial knowledge base (correct-and-resubmit, appeal, …). */
  nextAction?: string;
  /** 835 denials: the deadline that applies (timely filing or appeal window), with its due date when the remittance date is known. */
  deadline?: { kind: string; days: number; dueDate?: string };
}

const withLabel = (r: Reason): Reason => (r.field ? { ...r, fieldLabel: fieldLabel(r.field) } : r);

export function scrubReasons(findings: readonly ScrubFinding[]): Reason[] {
  return findings.filter((f) => f.severity === 'error').map((f) => withLabel({ source: 'scrubber', code: f.code, text: f.message, fix: f.fix, field: f.field }));
}

/**
 * STC status code (and entity) → field in the claim model, per the claim status code list (e.g. 562 is
 * "Entity's National Provider Identifier (NPI)": with entity 85 the billing provider's; 82 the
 * rendering provider's; other entities default to the billing provider, the one NPI every claim has).
 */
const STATUS_FIELDS: Readonly<Record<string, string>> = {
  '562': '$.billingProvider.npi',
  '562:82': '$.renderingProvider.npi',
  '562:DN': '$.referringProvider.npi',
  '33': '$.subscriber.memberId', // subscriber and subscriber id not found
  '164': '$.subscriber.memberId', // entity's contract/member number
  '158': '$.subscriber.birthDate', // entity's date of birth
  '153': '$.subscriber.name.last', // entity's name
  '254': '$.diagnoses[0]', // principal diagnosis code
  '255': '$.diagnoses[0]',
  '454': '$.lines[0].procedureCode', // procedure code for services rendered
  '178': '$.totalCharge', // submitted charges
  '187': '$.lines[0].serviceDate', // date(s) of service
};

export function claimStatusReason(detail: { category?: string; status?: string; entity?: string }): Reason {
  const category = detail.category ?? '';
  const status = detail.status ?? '';
  const entity = detail.entity ?? '';
  const field = STATUS_FIELDS[`${status}:${entity}`] ?? STATUS_FIELDS[status];
  const parts = [describeCode('claim-status-category', category), describeCode('claim-status', status)];
  if (entity) parts.push(`Entity: ${describeCode('entity-identifier', entity)}`);
  return withLabel({
    source: '277CA',
    code: `${category}/${status}${entity ? `/${entity}` : ''}`,
    text: parts.filter(Boolean).join(' '),
    fix: field ? 'Correct the field below to match the payer’s records (the insurance card), then resubmit.' : 'Read the status, correct the claim, then resubmit.',
    field,
  });
}

/** IK5/AK5 and IK3/IK4 error codes of a 999 → plain words. */
export function ackReason(detail: { ik5?: string; errors?: readonly string[] }): Reason {
  const codes = detail.errors ?? [];
  const text = codes.length ? codes.map((c) => describeCode('ack-transaction-error', c)).join(' ') : 'The clearinghouse rejected the transaction set that carried this claim (999).';
  return { source: '999', code: `IK5 ${detail.ik5 ?? 'R'}${codes.length ? ' ' + codes.join(',') : ''}`, text, fix: 'Open the 999 report for the segment and element; correct the claim, then resubmit it as a new original.' };
}

export function interchangeReason(detail: { ta1?: string; note?: string }): Reason {
  return { source: 'TA1', code: `TA1 ${detail.ta1 ?? 'R'} ${detail.note ?? ''}`.trim(), text: detail.note ? describeCode('ta1-note', detail.note) : 'The clearinghouse rejected the whole interchange (TA1).', fix: 'The envelope was refused, not the claim: check the partner profile (ISA ids), then resubmit.' };
}

/**
 * An 835 denial or reduction that names no adjustment a person must act on: still a reason in words, so
 * every worklist item says why it is there. The reasons themselves come from the denial knowledge base
 * (`denialReasons` in src/denials/reasons.ts).
 */
export function unexplainedRemittanceReason(outcome: string): Reason {
  return outcome === 'denied'
    ? { source: '835', code: 'CLP02 4', text: 'The payer denied this claim and gave no adjustment reason code.', fix: 'Call the payer for the reason, correct the claim and send a replacement (frequency 7), or appeal.' }
    : { source: '835', code: 'LINE-UNPAID', text: 'The payer paid less than it owes on this claim (a service line paid nothing) and gave no adjustment reason code.', fix: 'Compare the paid lines with the claim; send a replacement (frequency 7) if a line was wrong, otherwise ask the payer.' };
}
