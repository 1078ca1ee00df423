/**
 * One adjustment explained: (group, CARC, RARC remarks, the payer's deadlines) → what happened in plain
 * words, whether the patient may be billed, the next action (with the field to correct, the documents to
 * attach or the write-off reason) and the deadline that applies. Pure (the knowledge base is data loaded
 * once from mappings/denials).
 *
 * Remarks are explained, not echoed: each remark adds our words when the knowledge base has them, else
 * the code list's description; a remark with an action (N290 → the rendering provider's NPI) refines the
 * reason's action; MA130 / N211 (no appeal rights) turn an appeal into a corrected claim or a records step.
 */
import { pathSteps } from './claim-fields.js';
import { expandEntry, loadDenialKnowledge, type DeadlineKind, type LoadedKnowledge, type NextAction, type NextActionKind } from './knowledge.js';

/** Deadlines of one payer, from the partner profile (`denialDeadlines[payerId]`); the knowledge base's defaults otherwise. */
export interface PayerDeadlines {
  timelyFilingDays?: number;
  appealWindowDays?: number;
}

export interface ExplainOptions {
  deadlines?: PayerDeadlines;
  /** The remittance's date (ISO): when given, the deadline carries its due date. */
  remittanceDate?: string;
}

export interface DenialDeadline {
  kind: Exclude<DeadlineKind, 'none'>;
  days: number;
  /** remittanceDate + days, when the remittance date was given. */
  dueDate?: string;
}

export interface DenialExplanation {
  group: string;
  carc: string;
  rarcs: string[];
  explanation: string;
  nextAction: NextAction;
  /** The next action as one sentence ("Correct the line modifiers, then resubmit the claim."). */
  nextActionText: string;
  patientMayBeBilled: boolean;
  deadline?: DenialDeadline;
}

/** Trims, collapses spaces, drops trailing punctuation and ends with one full stop: sentences join cleanly. */
export function sentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(/[\s.:;,]+$/, '');
  return t ? `${t.charAt(0).toUpperCase()}${t.slice(1)}.` : '';
}

const GROUPS = new Set(['CO', 'PR', 'OA', 'PI', 'CR']);

export function explainDenial(group: string, carc: string, rarcs: readonly string[] = [], options: ExplainOptions = {}, loaded: LoadedKnowledge = loadDenialKnowledge()): DenialExplanation {
  const known = GROUPS.has(group);
  const entry = expandEntry(loaded.kb, loaded.carc, loaded.retiredCarc, (known ? group : 'OA') as 'OA', carc);
  const remarks = [...new Set(rarcs.filter(Boolean))];
  const parts = [known ? entry.groupExplanation : `Adjustment group ${group} is not one of CO, PR, OA, PI or CR`, entry.reasonExplanation];
  if (entry.retired) parts.push(`Reason code ${carc} is retired in the CARC list`);
  let nextAction = entry.nextAction;
  let noAppeal = false;
  const refinable = nextAction.kind !== 'bill-patient' && nextAction.kind !== 'write-off' && group !== 'CR';
  let refined = false;
  for (const r of remarks) {
    const k = loaded.kb.remarks[r];
    const words = k?.explanation ?? loaded.rarc[r];
    parts.push(words ? `The payer's remark: ${lowerFirst(words)}` : `Remark ${r} is not in the RARC list`);
    if (k?.noAppeal) noAppeal = true;
    if (k?.nextAction && refinable && !refined) {
      nextAction = k.nextAction;
      refined = true;
    }
  }
  if (noAppeal && nextAction.kind === 'appeal') nextAction = { kind: 'request-records' };
  const explanation = parts.map(sentence).filter(Boolean).join(' ');
  const deadlineKind = refined || noAppeal ? deadlineOf(nextAction.kind) : entry.deadline;
  return {
    group,
    carc,
    rarcs: remarks,
    explanation,
    nextAction,
    nextActionText: describeNextAction(nextAction),
    patientMayBeBilled: entry.patientMayBeBilled,
    deadline: deadlineKind === 'none' ? undefined : deadline(deadlineKind, loaded, options),
  };
}

function deadlineOf(kind: NextActionKind): DeadlineKind {
  return kind === 'appeal' || kind === 'request-records' ? 'appeal-window' : kind === 'correct-and-resubmit' || kind === 'send-to-secondary' || kind === 'check-eligibility' ? 'timely-filing' : 'none';
}

function deadline(kind: Exclude<DeadlineKind, 'none'>, loaded: LoadedKnowledge, options: ExplainOptions): DenialDeadline {
  const days = (kind === 'timely-filing' ? options.deadlines?.timelyFilingDays : options.deadlines?.appealWindowDays) ?? loaded.kb.deadlineDays[kind];
  const out: DenialDeadline = { kind, days };
  if (options.remittanceDate && /^\d{4}-\d{2}-\d{2}$/.test(options.remittanceDate)) {
    const d = new Date(`${options.remittanceDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    out.dueDate = d.toISOString().slice(0, 10);
  }
  return out;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** The next action in one sentence, in the biller's words. */
export function describeNextAction(a: NextAction): string {
  switch (a.kind) {
    case 'correct-and-resubmit':
      return sentence(`Correct ${a.field ? fieldWords(a.field) : 'the claim'}, then resubmit the claim as a replacement`);
    case 'send-to-secondary':
      return sentence('Send the claim to the payer responsible (secondary, workers’ compensation, liability or hospice) with this remittance');
    case 'bill-patient':
      return sentence('Bill the patient for this amount');
    case 'appeal':
      return sentence(`Appeal within the payer's window, attaching ${(a.documents ?? []).join('; ')}`);
    case 'request-records':
      return sentence('Send the payer the information or records it asks for (see the remarks), then follow up');
    case 'check-eligibility':
      return sentence('Check the patient’s eligibility and coverage dates, then bill the right payer or the patient');
    case 'write-off':
      return sentence(`Write the amount off as ${a.adjustmentReason ?? 'an adjustment'}`);
    case 'none':
      return sentence('Nothing to do: post the adjustment as reported');
  }
}

const ACRONYMS: Readonly<Record<string, string>> = { npi: 'NPI', ndc: 'NDC' };

/** "$.lines[*].modifiers" → "the line modifiers"; "$.renderingProvider.npi" → "the rendering provider NPI". */
export function fieldWords(path: string): string {
  const steps = (pathSteps(path) ?? [path]).filter((s) => s !== '*' && !/^\d+$/.test(s));
  const words = steps.map((s) => (s === 'lines' ? 'line' : (ACRONYMS[s] ?? s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())));
  return `the ${words.join(' ')}`;
}

/** The deadlines a partner profile sets for one payer (`denialDeadlines[payerId]`), if any. */
export function payerDeadlines(profile: { denialDeadlines?: Readonly<Record<string, PayerDeadlines>> } | undefined, payerId: string): PayerDeadlines | undefined {
  return profile?.denialDeadlines?.[payerId];
}
