/** The guide maps, dictionary and code lists load through their zod schemas and cross-check cleanly. */
import { describe, expect, it } from 'vitest';
import { compiledGuides, loadCodeLists, loadDictionary, loadGuides, crossCheckGuide, chooseGuide } from '../../../src/guides/index.js';

describe('mappings', () => {
  it('loads every guide we promise, each consistent with the dictionary', () => {
    const guides = loadGuides();
    expect([...guides.keys()].sort()).toEqual(['270', '271', '276', '277', '277CA', '835', '837D', '837I', '837P', '999', 'TA1']);
    for (const guide of guides.values()) expect(crossCheckGuide(guide, loadDictionary(), loadCodeLists())).toEqual([]);
  });

  it('has code lists with descriptions for the codes billers see', () => {
    const lists = loadCodeLists();
    expect(lists.get('carc')?.codes['45']).toMatch(/fee schedule|maximum allowable/i);
    expect(Object.keys(lists.get('carc')!.codes).length).toBeGreaterThan(300);
    expect(Object.keys(lists.get('rarc')!.codes).length).toBeGreaterThan(900);
    expect(lists.get('claim-adjustment-group')?.codes['PR']).toMatch(/patient/i);
    expect(lists.get('place-of-service')?.codes['11']).toMatch(/office/i);
  });

  it('keeps same-id siblings apart by disjoint qualifiers, so the engine can tell them apart', () => {
    for (const guide of compiledGuides().values()) {
      for (const loop of guide.loops.values()) {
        const byId = new Map<string, Set<string>[]>();
        for (const child of loop.children) {
          const seg = child.kind === 'segment' ? child : child.trigger;
          const list = byId.get(seg.id) ?? [];
          list.push(seg.qualifierValues ? new Set(seg.qualifierValues) : new Set(['*']));
          byId.set(seg.id, list);
        }
        for (const [id, sets] of byId) {
          if (sets.length < 2) continue;
          const seen = new Set<string>();
          for (const s of sets) for (const v of s) {
            expect(seen.has(v), `${guide.map.id} loop ${loop.id}: ${id} qualifier ${v} used twice`).toBe(false);
            seen.add(v);
          }
        }
      }
    }
  });

  it('chooses guides by ST01 and version, with errata aliases and clear errors', () => {
    expect(chooseGuide('837', '005010X222A1', '').guide?.map.id).toBe('837P');
    expect(chooseGuide('837', '', '005010X223A3').guide?.map.id).toBe('837I');
    expect(chooseGuide('837', '005010X224A2', '').guide?.map.id).toBe('837D');
    expect(chooseGuide('277', '005010X214', '').guide?.map.id).toBe('277CA');
    expect(chooseGuide('277', '005010X212', '').guide?.map.id).toBe('277');
    expect(chooseGuide('835', '', '005010X221A1').guide?.map.id).toBe('835');
    expect(chooseGuide('837', '004010X098A1', '').finding?.code).toBe('GUIDE-VERSION-4010');
    expect(chooseGuide('850', '', '005010').finding?.code).toBe('GUIDE-TRANSACTION-UNSUPPORTED');
    const guessed = chooseGuide('837', '005010X222B9', '');
    expect(guessed.guide?.map.id).toBe('837P');
    expect(guessed.finding?.severity).toBe('warning');
  });
});
