/**
 * The denial knowledge base (mappings/denials/knowledge.json): for every claim adjustment group (CO, PR,
 * OA, PI, CR) × CARC in the code list, what it means in the biller's words, whether the patient may be
 * billed, the next action and the deadline that applies; RARC remarks that change the meaning refine it.
 *
 * The file is written compactly (group defaults, per-CARC entries, per-(group, CARC) overrides, remarks)
 * and checked here with zod at load: every code it names must be in mappings/codes, every action must be
 * complete (a `correct-and-resubmit` names a claim field that exists in the claim model, an `appeal` lists
 * documents, a `write-off` gives its adjustment reason). `expandKnowledge` turns it into one entry per
 * group × CARC, which tests and scripts/check-maps.ts check in full.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadCodeLists, mappingsDir } from '../guides/load.js';
import { claimFieldExists } from './claim-fields.js';

export const ADJUSTMENT_GROUPS = ['CO', 'PR', 'OA', 'PI', 'CR'] as const;
export type AdjustmentGroup = (typeof ADJUSTMENT_GROUPS)[number];

export const NEXT_ACTION_KINDS = ['correct-and-resubmit', 'send-to-secondary', 'bill-patient', 'appeal', 'request-records', 'check-eligibility', 'write-off', 'none'] as const;
export type NextActionKind = (typeof NEXT_ACTION_KINDS)[number];

export const DEADLINE_KINDS = ['timely-filing', 'appeal-window', 'none'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

const Words = z.string().min(3).max(300);

export const NextAction = z
  .object({
    kind: z.enum(NEXT_ACTION_KINDS),
    /** correct-and-resubmit: JSON path into the claim model ("$.lines[*].modifiers"). */
    field: z.string().optional(),
    /** appeal: what to attach. */
    documents: z.array(Words).optional(),
    /** write-off: the adjustment reason to post. */
    adjustmentReason: Words.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.kind === 'correct-and-resubmit' && !a.field) ctx.addIssue({ code: 'custom', message: 'correct-and-resubmit names the claim field to correct' });
    if (a.field && !claimFieldExists(a.field)) ctx.addIssue({ code: 'custom', message: `field ${a.field} is not in the claim model` });
    if (a.kind === 'appeal' && !a.documents?.length) ctx.addIssue({ code: 'custom', message: 'appeal lists the documents to attach' });
    if (a.kind === 'write-off' && !a.adjustmentReason) ctx.addIssue({ code: 'custom', message: 'write-off gives the adjustment reason' });
  });
export type NextAction = z.infer<typeof NextAction>;

const Refinement = z
  .object({
    explanation: Words.optional(),
    nextAction: NextAction.optional(),
    patientMayBeBilled: z.boolean().optional(),
    deadline: z.enum(DEADLINE_KINDS).optional(),
  })
  .strict();

export const DenialKnowledge = z
  .object({
    title: z.string(),
    source: z.string(),
    /** Default days for each deadline kind, counted from the remittance date; a payer may override them. */
    deadlineDays: z.object({ 'timely-filing': z.number().int().positive(), 'appeal-window': z.number().int().positive() }).strict(),
    groups: z.record(z.enum(ADJUSTMENT_GROUPS), z.object({ explanation: Words, patientMayBeBilled: z.boolean(), nextAction: NextAction }).strict()),
    carc: z.record(z.string(), Refinement),
    /** Keyed "GROUP-CARC" ("PR-96"). */
    pairs: z.record(z.string().regex(/^(CO|PR|OA|PI|CR)-[A-Z0-9]+$/), Refinement),
    remarks: z.record(z.string(), Refinement.extend({ noAppeal: z.boolean().optional() }).strict()),
  })
  .strict();
export type DenialKnowledge = z.infer<typeof DenialKnowledge>;

/** One group × CARC, expanded. */
export interface KnowledgeEntry {
  group: AdjustmentGroup;
  carc: string;
  /** Our words for the group, then for the reason (the code list's description when we wrote none). */
  groupExplanation: string;
  reasonExplanation: string;
  patientMayBeBilled: boolean;
  nextAction: NextAction;
  deadline: DeadlineKind;
  retired: boolean;
}

/** Cross-checks the zod schema cannot do: every code named exists in the code lists, every group is present. */
export function checkKnowledge(kb: DenialKnowledge, codes: { carc: ReadonlySet<string>; rarc: ReadonlySet<string> }): string[] {
  const problems: string[] = [];
  for (const g of ADJUSTMENT_GROUPS) if (!kb.groups[g]) problems.push(`groups.${g}: missing`);
  for (const c of Object.keys(kb.carc)) if (!codes.carc.has(c)) problems.push(`carc.${c}: not in the CARC list`);
  for (const p of Object.keys(kb.pairs)) if (!codes.carc.has(p.split('-')[1])) problems.push(`pairs.${p}: CARC not in the list`);
  for (const r of Object.keys(kb.remarks)) if (!codes.rarc.has(r)) problems.push(`remarks.${r}: not in the RARC list`);
  return problems;
}

/** The action a CARC entry gives applies to the denial groups; the patient's share (PR) keeps its own default unless a pair says otherwise. */
export function expandEntry(kb: DenialKnowledge, carcDescriptions: Readonly<Record<string, string>>, retired: ReadonlySet<string>, group: AdjustmentGroup, carc: string): KnowledgeEntry {
  const g = kb.groups[group]!;
  const c = kb.carc[carc] ?? {};
  const p = kb.pairs[`${group}-${carc}`] ?? {};
  const carcAppliesToAction = group !== 'PR' && group !== 'CR';
  const patientMayBeBilled = p.patientMayBeBilled ?? g.patientMayBeBilled;
  // A reason whose action is to bill the patient does so only in a group that lets the patient be billed.
  const carcAction = carcAppliesToAction && (c.nextAction?.kind !== 'bill-patient' || patientMayBeBilled) ? c.nextAction : undefined;
  const nextAction = p.nextAction ?? carcAction ?? g.nextAction;
  return {
    group,
    carc,
    groupExplanation: g.explanation,
    reasonExplanation: p.explanation ?? c.explanation ?? carcDescriptions[carc] ?? `Reason code ${carc} is not in the CARC list`,
    patientMayBeBilled,
    nextAction,
    deadline: p.deadline ?? (carcAppliesToAction ? c.deadline : undefined) ?? deadlineFor(nextAction.kind),
    retired: retired.has(carc),
  };
}

/** Which deadline an action runs against: a corrected or redirected claim is a claim (timely filing); an appeal or records request answers a decision (appeal window). */
export function deadlineFor(kind: NextActionKind): DeadlineKind {
  switch (kind) {
    case 'correct-and-resubmit':
    case 'send-to-secondary':
    case 'check-eligibility':
      return 'timely-filing';
    case 'appeal':
    case 'request-records':
      return 'appeal-window';
    default:
      return 'none';
  }
}

export interface LoadedKnowledge {
  kb: DenialKnowledge;
  carc: Readonly<Record<string, string>>;
  rarc: Readonly<Record<string, string>>;
  retiredCarc: ReadonlySet<string>;
  retiredRarc: ReadonlySet<string>;
}

let cache: LoadedKnowledge | undefined;

/** Loads and checks mappings/denials/knowledge.json (once); throws naming the file and the problems. */
export function loadDenialKnowledge(): LoadedKnowledge {
  if (cache) return cache;
  const path = join(mappingsDir(), 'denials', 'knowledge.json');
  const parsed = DenialKnowledge.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const lists = loadCodeLists();
  const carcList = lists.get('carc');
  const rarcList = lists.get('rarc');
  if (!carcList || !rarcList) throw new Error('mappings/codes: the carc and rarc code lists are needed by the denial knowledge base');
  const problems = checkKnowledge(parsed.data, { carc: new Set(Object.keys(carcList.codes)), rarc: new Set(Object.keys(rarcList.codes)) });
  if (problems.length) throw new Error(`${path}: ${problems.join('; ')}`);
  cache = { kb: parsed.data, carc: carcList.codes, rarc: rarcList.codes, retiredCarc: new Set(carcList.retired ?? []), retiredRarc: new Set(rarcList.retired ?? []) };
  return cache;
}

/** Every group × CARC of the code lists, expanded. */
export function expandKnowledge(loaded: LoadedKnowledge = loadDenialKnowledge()): KnowledgeEntry[] {
  const out: KnowledgeEntry[] = [];
  for (const group of ADJUSTMENT_GROUPS) for (const carc of Object.keys(loaded.carc)) out.push(expandEntry(loaded.kb, loaded.carc, loaded.retiredCarc, group, carc));
  return out;
}
