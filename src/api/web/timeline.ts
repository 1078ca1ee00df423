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
      // A 277 (X212) answering our 276 moves claims too: named as such, not as a 277CA.
      const kind = d.source === '277' || e.file_kind === '277' ? '277' : '277CA';
      const title = e.to_state === 'payer-accepted' ? (kind === '277' ? '277: finalized by the payer; the 835 follows' : '277CA: accepted by the payer') : e.to_state === 'payer-rejected' ? `${kind}: rejected by the payer` : `${kind}: pending`;
      const text = [d.category ? describeCode('claim-status-category', String(d.category)) : '', d.status ? describeCode('claim-status', String(d.status)) : ''].filter(Boolean).join(' ');
      return { ...base, title, text: `${d.category ?? ''}/${d.status ?? ''}${d.entity ? `/${d.entity}` : ''} — ${text}`, tone: e.to_state === 'payer-rejected' ? 'bad' : 'normal' };
    }
    case 'paid':
    case 'partially-paid':
    case 'denied':
    case 'reversed':
      if (d.source === '277') return { ...base, title: '277: denied by the payer', text: statusWords(d), tone: 'bad' };
      return { ...base, title: `835: ${e.to_state.replace('-', ' ')}`, text: `Paid ${d.paid ?? '—'}, patient responsibility ${d.patientResponsibility ?? '—'} (CLP02 ${d.clp02 ?? '—'}).`, tone: e.to_state === 'denied' ? 'bad' : 'normal' };
    default:
      return { ...base, title: e.to_state, text: '', tone: 'normal' };
  }
}

const statusWords = (d: Record<string, unknown>) =>
  `${d.category ?? ''}/${d.status ?? ''}${d.entity ? `/${d.entity}` : ''} — ${[d.category ? describeCode('claim-status-category', String(d.category)) : '', d.status ? describeCode('claim-status', String(d.status)) : ''].filter(Boolean).join(' ')}`;

/** A 276 inquiry we sent about the claim (status_inquiries). */
export interface TimelineInquiry {
  trace: string;
  reason: string;
  created_at: string;
  file_id: string;
}

/** A 277 answer posted for the claim (status_answers). */
export interface TimelineAnswer {
  trace: string;
  category: string;
  status_code: string;
  entity: string | null;
  paid: string | null;
  outcome: string;
  next_step: string | null;
  created_at: string;
  file_id: string;
}

const SILENCE: Readonly<Record<string, string>> = { 'no-999': 'no 999 from the clearinghouse', 'no-277ca': 'no 277CA claim acknowledgment', 'no-835': 'no 835 from the payer' };

/** The claim-status follow-up on the timeline: each 276 asked and each 277 answer, in words. */
export function statusEntries(claimId: string, history: { inquiries: readonly TimelineInquiry[]; answers: readonly TimelineAnswer[] }): TimelineEntry[] {
  return [
    ...history.inquiries.map((q): TimelineEntry => ({ at: q.created_at, claimId, fileId: q.file_id, title: '276: claim status asked', text: `Asked the payer for the claim's status (trace ${q.trace}): ${SILENCE[q.reason] ?? q.reason} in time.`, tone: 'normal' })),
    ...history.answers.map((a): TimelineEntry => ({
      at: a.created_at,
      claimId,
      fileId: a.file_id,
      title: `277: claim status answer (${a.category}/${a.status_code})`,
      text: `${statusWords({ category: a.category, status: a.status_code, entity: a.entity })}${a.paid ? `; paid ${a.paid}` : ''}.${a.next_step ? ` Next step: ${a.next_step}` : ''}`,
      tone: a.outcome === 'action-needed' || a.outcome === 'denied' ? 'bad' : 'normal',
    })),
  ];
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
      : hold.reason === 'forwarded'
        ? 'Held on the worklist: the payer forwarded the claim to the next payer itself (crossover), so it is not sent twice.'
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
