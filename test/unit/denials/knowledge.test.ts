/**
 * The whole denial knowledge base: every group × CARC of the code lists and every group × CARC the public
 * corpus 835s carry (read in place) has an explanation and a complete next action; texts join cleanly;
 * every `correct-and-resubmit` names a field of the claim model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFieldExists } from '../../../src/denials/claim-fields.js';
import { explainDenial, sentence } from '../../../src/denials/explain.js';
import { ADJUSTMENT_GROUPS, checkKnowledge, DenialKnowledge, expandKnowledge, loadDenialKnowledge, NEXT_ACTION_KINDS } from '../../../src/denials/knowledge.js';
import { tokenize } from '../../../src/x12/tokenizer.js';
import { CORPUS_DIR, corpusAvailable, corpusManifest } from '../../helpers/corpus.js';

const STRAY = /\.:|\.\.|\s\.|:\.|\s,|\s{2}|^\s|\s$/;

/** group × CARC of every CAS segment in the corpus 835s (CAS01 group, then reason at CAS02, 05, 08, 11, 14, 17). */
function corpusPairs(): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const e of corpusManifest().filter((m) => m.type === '835')) {
    const { segments } = tokenize(readFileSync(join(CORPUS_DIR, e.file)));
    for (const s of segments) {
      if (s.id !== 'CAS') continue;
      for (let i = 2; i < s.elements.length; i += 3) if (s.elements[i]) pairs.set(`${s.elements[1]}-${s.elements[i]}`, e.file);
    }
  }
  return pairs;
}

function expectComplete(label: string, x: ReturnType<typeof explainDenial>) {
  expect(x.explanation.length, label).toBeGreaterThan(20);
  expect(x.explanation, label).not.toMatch(STRAY);
  expect(x.nextActionText, label).not.toMatch(STRAY);
  expect(NEXT_ACTION_KINDS, label).toContain(x.nextAction.kind);
  if (x.nextAction.kind === 'correct-and-resubmit') expect(claimFieldExists(x.nextAction.field ?? ''), `${label} field ${x.nextAction.field}`).toBe(true);
  if (x.nextAction.kind === 'appeal') expect(x.nextAction.documents?.length, label).toBeGreaterThan(0);
  if (x.nextAction.kind === 'write-off') expect(x.nextAction.adjustmentReason, label).toBeTruthy();
  if (x.nextAction.kind === 'bill-patient') expect(x.patientMayBeBilled, `${label}: billing the patient where the group forbids it`).toBe(true);
}

describe('denial knowledge base', () => {
  const loaded = loadDenialKnowledge();

  it('covers every group × CARC of the code lists with an explanation and a complete next action', () => {
    const entries = expandKnowledge(loaded);
    expect(entries.length).toBe(ADJUSTMENT_GROUPS.length * Object.keys(loaded.carc).length);
    expect(Object.keys(loaded.carc).length).toBeGreaterThan(300);
    for (const e of entries) expectComplete(`${e.group}-${e.carc}`, explainDenial(e.group, e.carc, []));
  });

  it('covers every group × CARC found in the public corpus 835s', () => {
    expect(corpusAvailable(), `corpus not found at ${CORPUS_DIR}`).toBe(true);
    const pairs = corpusPairs();
    expect(pairs.size).toBeGreaterThan(10);
    for (const [pair, file] of pairs) {
      const [group, carc] = pair.split('-');
      expect(ADJUSTMENT_GROUPS as readonly string[], `${file}: ${pair}`).toContain(group);
      expect(loaded.carc[carc], `${file}: CARC ${carc} is not in the code list`).toBeDefined();
      expectComplete(`${file}: ${pair}`, explainDenial(group, carc, []));
    }
  });

  it('every remark in the knowledge base refines cleanly and names real fields', () => {
    for (const r of Object.keys(loaded.kb.remarks)) {
      for (const g of ADJUSTMENT_GROUPS) expectComplete(`${g}-16 ${r}`, explainDenial(g, '16', [r]));
    }
  });

  it('puts the patient’s share on the patient and nothing else', () => {
    expect(explainDenial('PR', '1').patientMayBeBilled).toBe(true);
    expect(explainDenial('PR', '1').nextAction.kind).toBe('bill-patient');
    expect(explainDenial('CO', '1').patientMayBeBilled).toBe(false);
    expect(explainDenial('CO', '45').nextAction).toEqual({ kind: 'write-off', adjustmentReason: 'contractual adjustment (fee schedule)' });
    expect(explainDenial('CO', '45').deadline).toBeUndefined();
  });

  it('explains remarks instead of echoing them, and a remark with a field refines the action', () => {
    const x = explainDenial('CO', '16', ['N290']);
    expect(x.nextAction).toEqual({ kind: 'correct-and-resubmit', field: '$.renderingProvider.npi' });
    expect(x.explanation).toContain("rendering provider's NPI is missing or wrong");
    expect(x.explanation).not.toMatch(/Remark from the payer/);
    expect(explainDenial('CO', '16', ['M51']).nextAction.field).toBe('$.lines[*].procedureCode');
    expect(explainDenial('CO', '16', ['N382']).nextAction.field).toBe('$.subscriber.memberId');
    // A remark without its own words still gets the code list's description, not just its code.
    expect(explainDenial('CO', '50', ['M1']).explanation).toMatch(/x-ray not taken/i);
  });

  it('turns an appeal into a records step when the remark says there are no appeal rights', () => {
    expect(explainDenial('CO', '50').nextAction.kind).toBe('appeal');
    expect(explainDenial('CO', '50', ['MA130']).nextAction.kind).toBe('request-records');
    expect(explainDenial('CO', '50', ['N211']).nextAction.kind).not.toBe('appeal');
  });

  it('gives the deadline that applies, with the payer’s own days when the profile sets them', () => {
    expect(explainDenial('CO', '50').deadline).toEqual({ kind: 'appeal-window', days: loaded.kb.deadlineDays['appeal-window'] });
    expect(explainDenial('CO', '50', [], { deadlines: { appealWindowDays: 60 }, remittanceDate: '2024-03-01' }).deadline).toEqual({ kind: 'appeal-window', days: 60, dueDate: '2024-04-30' });
    expect(explainDenial('CO', '31', [], { deadlines: { timelyFilingDays: 90 } }).deadline).toEqual({ kind: 'timely-filing', days: 90 });
  });

  it('joins sentences without stray punctuation', () => {
    expect(sentence('Reason:  see remarks..')).toBe('Reason: see remarks.');
    expect(sentence(' a. ')).toBe('A.');
  });

  it('refuses a knowledge base with an incomplete action, an unknown field or an unknown code', () => {
    const kb = JSON.parse(readFileSync(join(__dirname, '../../../mappings/denials/knowledge.json'), 'utf8'));
    const bad = (mutate: (k: any) => void) => {
      const k = structuredClone(kb);
      mutate(k);
      return DenialKnowledge.safeParse(k).success;
    };
    expect(bad(() => undefined)).toBe(true);
    expect(bad((k) => (k.carc['4'].nextAction = { kind: 'correct-and-resubmit' }))).toBe(false);
    expect(bad((k) => (k.carc['4'].nextAction = { kind: 'correct-and-resubmit', field: '$.lines[*].modifier' }))).toBe(false);
    expect(bad((k) => (k.carc['50'].nextAction = { kind: 'appeal' }))).toBe(false);
    expect(bad((k) => (k.carc['45'].nextAction = { kind: 'write-off' }))).toBe(false);
    const parsed = DenialKnowledge.parse({ ...kb, carc: { ...kb.carc, ZZZ: { explanation: 'not a code at all' } }, remarks: { ...kb.remarks, QQ1: { explanation: 'not a remark' } } });
    const problems = checkKnowledge(parsed, { carc: new Set(Object.keys(loaded.carc)), rarc: new Set(Object.keys(loaded.rarc)) });
    expect(problems).toEqual(['carc.ZZZ: not in the CARC list', 'remarks.QQ1: not in the RARC list']);
  });
});

describe('explained adjustments and workbench reasons', () => {
  it('adds explanation and next action to every adjustment', async () => {
    const { explainAdjustments } = await import('../../../src/denials/reasons.js');
    const out = explainAdjustments([{ group: 'CO', reason: '16', amount: '100.00' }, { group: 'PR', reason: '2', amount: '20.00' }], ['N290']);
    expect(out[0]).toMatchObject({ group: 'CO', reason: '16', amount: '100.00', nextAction: { kind: 'correct-and-resubmit', field: '$.renderingProvider.npi' } });
    expect(out[0].explanation).toMatch(/rendering provider's NPI/);
    expect(out[1]).toMatchObject({ nextAction: { kind: 'bill-patient' }, patientMayBeBilled: true });
  });

  it('gives one reason per denial that needs a person, with the field, the fix and the deadline; none for routine adjustments', async () => {
    const { denialReasons } = await import('../../../src/denials/reasons.js');
    const reasons = denialReasons(
      [
        { group: 'CO', reason: '45', amount: '30.00' },
        { group: 'PR', reason: '1', amount: '10.00' },
        { group: 'CO', reason: '4', amount: '100.00' },
        { group: 'CO', reason: '4', amount: '50.00' },
      ],
      [],
      { remittanceDate: '2025-01-10' },
    );
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ source: '835', code: 'CO-4', field: '$.lines[0].modifiers' });
    expect(reasons[0].fix).toBe('Correct the line modifiers, then resubmit the claim as a replacement. Timely filing deadline: 2026-01-10.');
    expect(reasons[0].text).not.toMatch(STRAY);
  });
});
