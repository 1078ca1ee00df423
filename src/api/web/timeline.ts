/**
 * A claim's timeline in the biller's words: batch received → scrubbed → 837 generated and sent (file,
 * ISA13) → TA1/999 → 277CA → 835, the workbench actions (who corrected, resubmitted or voided it), and
 * then the same for each claim that replaced it. Pure: built from what the ledger queries return.
 */
import { describeCode } from '../../remits/codes.js';
import { fieldLabel } from '../../billing-rules/fields.js';

export interface TimelineEvent {
  seq: number;
  from_state: string | null;
  to_state: string;
  at: string;
  source_file_id: string | null;
  detail: string | null;
  file_name: string | null;
  file_kind: string | null;
}

export interface TimelineAction {
  action: string;
  actor: string;
  at: string;
  frequency: string;
  new_claim_id: string | null;
  detail: string | null;
}

export interface TimelineEntry {
  at: string;
  /** Which claim (ledger id) the entry belongs to: the original or a replacement. */
  claimId: string;
  title: string;
  text: string;
  who?: string;
  fileId?: string | null;
  fileName?: string | null;
  tone: 'normal' | 'bad' | 'action';
}

const parse = (s: string | null): Record<string, unknown> => {
  if (!s) return {};
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return {};
  }
};

const ACTION_TITLE: Readonly<Record<string, string>> = {
  'resubmit-original': 'Corrected and resubmitted as a new original (frequency 1)',
  'resubmit-replacement': 'Corrected and resubmitted as a replacement (frequency 7)',
  void: 'Voided (frequency 8)',
};

export function eventEntry(claimId: string, e: TimelineEvent, interchange?: { isa13: number; gs06: number; st02: string } | undefined): TimelineEntry {
  const d = parse(e.detail);
  const base = { at: e.at, claimId, fileId: e.source_file_id, fileName: e.file_name };
  switch (e.to_state) {
    case 'queued':
      return { ...base, title: 'Batch received and scrubbed', text: 'Passed the scrubber; queued to send.', tone: 'normal' };
    case 'scrub-rejected':
      return { ...base, title: 'Batch received; rejected by the scrubber', text: `Checks failed: ${((d.codes as string[]) ?? []).join(', ') || 'see the worklist'}. Not sent.`, tone: 'bad' };
    case 'generated':
      return { ...base, title: '837 generated', text: `ISA13 ${d.interchange ?? interchange?.isa13 ?? '—'}, GS06 ${d.group ?? interchange?.gs06 ?? '—'}, ST02 ${d.transaction ?? interchange?.st02 ?? '—'}.`, tone: 'normal' };
    case 'uploaded':
      return { ...base, title: '837 sent to the clearinghouse', text: `Uploaded${interchange ? ` (ISA13 ${interchange.isa13})` : ''}.`, tone: 'normal' };
    case 'interchange-rejected':
      return { ...base, title: 'TA1: interchange rejected', text: d.note ? describeCode('ta1-note', String(d.note)) : 'The envelope was refused.', tone: 'bad' };
    case 'ack-accepted':
      return { ...base, title: `999: accepted${d.ik5 === 'E' ? ' with errors' : ''}`, text: `IK5 ${d.ik5 ?? 'A'}.`, tone: 'normal' };
    case 'ack-rejected':
      return { ...base, title: '999: rejected', text: `IK5 ${d.ik5 ?? 'R'}${(d.errors as string[] | undefined)?.length ? `; errors ${(d.errors as string[]).join(', ')}` : ''}.`, tone: 'bad' };
    case 'payer-accepted':
    case 'payer-rejected':
    case 'pending': {
      const title = e.to_state === 'payer-accepted' ? '277CA: accepted by the payer' : e.to_state === 'payer-rejected' ? '277CA: rejected by the payer' : '277CA: pending';
      const text = [d.category ? describeCode('claim-status-category', String(d.category)) : '', d.status ? describeCode('claim-status', String(d.status)) : ''].filter(Boolean).join(' ');
      return { ...base, title, text: `${d.category ?? ''}/${d.status ?? ''}${d.entity ? `/${d.entity}` : ''} — ${text}`, tone: e.to_state === 'payer-rejected' ? 'bad' : 'normal' };
    }
    case 'paid':
    case 'partially-paid':
    case 'denied':
    case 'reversed':
      return { ...base, title: `835: ${e.to_state.replace('-', ' ')}`, text: `Paid ${d.paid ?? '—'}, patient responsibility ${d.patientResponsibility ?? '—'} (CLP02 ${d.clp02 ?? '—'}).`, tone: e.to_state === 'denied' ? 'bad' : 'normal' };
    default:
      return { ...base, title: e.to_state, text: '', tone: 'normal' };
  }
}

export function actionEntry(claimId: string, a: TimelineAction): TimelineEntry {
  const d = parse(a.detail);
  const changed = ((d.changed as string[] | undefined) ?? []).map(fieldLabel);
  return {
    at: a.at,
    claimId,
    title: ACTION_TITLE[a.action] ?? a.action,
    text: `${changed.length ? `Fields changed: ${changed.join('; ')}. ` : a.action === 'void' ? '' : 'No field changed. '}New claim ${a.new_claim_id ?? '—'}.`,
    who: a.actor,
    tone: 'action',
  };
}

/** A next payer's claim an 835 caused (src/ledger/secondary-claims.ts), on the answered claim's timeline. */
export interface TimelineSecondary {
  claim_id: string;
  patient_control_number: string;
  responsibility: string;
  state: string;
  hold_reason: string | null;
  created_at: string;
}

export function secondaryEntry(claimId: string, s: TimelineSecondary): TimelineEntry {
  const hold = parse(s.hold_reason);
  const missing = ((hold.missing as Array<{ field: string }> | undefined) ?? []).map((m) => fieldLabel(m.field));
  const held =
    hold.reason === 'partner-hold'
      ? 'Held for review (partner setting secondaryClaims: hold): on the worklist.'
      : hold.reason === 'incomplete'
        ? `Held on the worklist: the ${s.responsibility} coverage is incomplete (${missing.join('; ')}).`
        : 'Held on the worklist: the scrubber rejected it.';
  return {
    at: s.created_at,
    claimId,
    title: `${s.responsibility === 'tertiary' ? 'Tertiary' : 'Secondary'} claim ${s.patient_control_number} created`,
    text: s.state === 'held' ? held : `Built from this 835 for the ${s.responsibility} payer (ledger claim ${s.claim_id}); queued to send.`,
    tone: s.state === 'held' ? 'bad' : 'action',
  };
}
