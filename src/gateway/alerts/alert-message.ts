/**
 * What people read about an alert (pure): the e-mail's subject and text, the kind in words and the link
 * to the claim's page. No PHI: the practice's claim id (CLM01), the payer id, the due date and a link —
 * never the patient's name, member id or birth date.
 */
import type { AlertPayload } from '../../ledger/alerts.js';

export const ALERT_KIND_WORDS: Readonly<Record<string, string>> = {
  'timely-filing-approaching': 'Timely-filing limit approaching',
  'timely-filing-passed': 'Timely-filing limit passed',
  'silent-after-inquiry': 'No answer after a status inquiry',
  'claim-unwritable': 'Claim held: its 837 would not be valid',
  'inquiry-unwritable': 'Claim silent, no status inquiry sent: its stored data no longer reads as a claim',
};

export const alertKindWords = (kind: string) => ALERT_KIND_WORDS[kind] ?? kind.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The claim page in the workbench (`/claims/:id`), under `linkBaseUrl` when one is configured. */
export function claimLink(claimId: string, linkBaseUrl?: string): string {
  const path = `/claims/${encodeURIComponent(claimId)}`;
  return linkBaseUrl ? linkBaseUrl.replace(/\/+$/, '') + path : path;
}

export function alertEmail(payload: AlertPayload, o: { linkBaseUrl?: string }): { subject: string; text: string } {
  const a = payload.alert;
  const what = alertKindWords(a.kind);
  const claim = a.patientControlNumber ?? a.claimId ?? '-';
  const subject = `[x12gw] ${what}: claim ${claim}${a.dueDate ? ` (due ${a.dueDate})` : ''}`;
  const lines = [
    `${what}.`,
    '',
    `Claim: ${claim}`,
    `Payer: ${a.payerId ?? '-'}`,
    `Partner: ${a.partnerId ?? '-'}`,
    `Due date: ${a.dueDate ?? '-'}`,
    ...(a.note ? [`Note: ${a.note}`] : []),
    '',
    ...(a.claimId ? [`Open the claim: ${claimLink(a.claimId, o.linkBaseUrl)}`] : []),
    '',
    `Alert ${a.id}, raised ${a.createdAt}.`,
  ];
  return { subject: subject.replace(/[\r\n]+/g, ' ').slice(0, 200), text: lines.join('\n') };
}
