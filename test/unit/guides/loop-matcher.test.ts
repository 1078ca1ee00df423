/**
 * The compiled loop matchers (loop-matcher.ts): each loop's table by segment-id code says exactly what its
 * id map says, with each candidate's definition and qualifier keys; ids read from data get no code; the
 * registry compiles a guide when it is chosen and hands out that one compiled guide everywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFindings, chooseGuide, compiledGuides, guideById, X12Reader, type CompiledLoop } from '../../../src/guides/index.js';
import { keyedCodes } from '../../../src/guides/byte-keys.js';
import { flatMatcherOf, segmentIdCode, segmentIdCodeOf } from '../../../src/guides/loop-matcher.js';
import { Tokenizer } from '../../../src/x12/tokenizer.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Every loop of a guide, nested ones included (guide.loops keeps only the first of each id). */
function everyLoop(loop: CompiledLoop, out: CompiledLoop[] = []): CompiledLoop[] {
  out.push(loop);
  for (const child of loop.children) if (child.kind === 'loop') everyLoop(child, out);
  return out;
}

describe('compiled loop matchers', () => {
  it('list, for every loop of every guide, the children each segment id may start, as the id map does', () => {
    let tables = 0;
    for (const guide of compiledGuides().values()) {
      for (const loop of everyLoop(guide.root)) {
        const codesInLoop = new Set<number>();
        for (const [id, indices] of loop.childIndex) {
          const code = segmentIdCode(id);
          expect(code, `${guide.map.id} ${loop.id} ${id}`).toBeGreaterThanOrEqual(0);
          codesInLoop.add(code);
          const candidates = loop.matchTable[code]!;
          expect(candidates.map((c) => c.index), `${guide.map.id} ${loop.id} ${id}`).toEqual(indices);
          for (const c of candidates) {
            const child = loop.children[c.index];
            const def = child.kind === 'segment' ? child : child.trigger;
            expect(c.def).toBe(def);
            expect(def.id).toBe(id);
            const q = def.qualifier;
            if (q === undefined) {
              expect(c.qualifierSlot).toBe(-1);
              expect(c.qualifierKeys).toBeUndefined();
            } else {
              expect([c.qualifierSlot, c.qualifierElement, c.qualifierComponent]).toEqual([q.element * 100 + (q.component ?? 0), q.element, q.component ?? 1]);
              expect([...c.qualifierKeys!.keys].sort()).toEqual([...keyedCodes(def.qualifierValues!).keys].sort());
            }
          }
        }
        // Nothing else: a segment id the loop has no child for finds no candidates.
        loop.matchTable.forEach((entry, code) => {
          if (!codesInLoop.has(code)) expect(entry, `${guide.map.id} ${loop.id} code ${code}`).toBeUndefined();
        });
        tables++;
      }
    }
    expect(tables).toBeGreaterThan(50);
  });

  it('lay each loop\'s table out flat (round 8): the same candidates per code, in order, with their numbers, and the run starts', () => {
    let tables = 0;
    for (const guide of compiledGuides().values()) {
      for (const loop of everyLoop(guide.root)) {
        const m = flatMatcherOf(loop);
        expect(flatMatcherOf(loop), 'made once per loop').toBe(m);
        expect(m.count).toBe(loop.matchTable.length);
        expect([...m.runStart]).toEqual(loop.runStart);
        // Codes the table does not reach (given after this guide was compiled) have no candidates, as in the table.
        expect(loop.matchTable[m.count]).toBeUndefined();
        for (let code = 0; code < m.count; code++) {
          const list = loop.matchTable[code] ?? [];
          const at = m.starts[code];
          expect(m.starts[code + 1] - at, `${guide.map.id} ${loop.id} code ${code}`).toBe(list.length);
          list.forEach((c, k) => {
            expect(m.candidates[at + k]).toBe(c);
            expect([m.index[at + k], m.slot[at + k], m.element[at + k], m.component[at + k]]).toEqual([c.index, c.qualifierSlot, c.qualifierElement, c.qualifierComponent]);
          });
        }
        tables++;
      }
    }
    expect(tables).toBeGreaterThan(50);
  });

  it('gives no code to segment ids read from data (the table cannot grow with a file), and reports them as before', () => {
    const sample = readFileSync(join(ROOT, 'samples', 'claims', 'professional.837'), 'latin1');
    const at = sample.indexOf('NM1*41');
    expect(at).toBeGreaterThan(0);
    const withUnknown = sample.slice(0, at) + 'QQ9*1~ZZQ*2~' + sample.slice(at);
    const reader = new X12Reader({ file: 'x.837' });
    reader.push(Buffer.from(withUnknown, 'latin1'));
    const codes = allFindings(reader.end()).map((f) => f.code);
    expect(codes.filter((c) => c === 'GUIDE-SEGMENT-UNRECOGNIZED')).toHaveLength(2);
    expect(segmentIdCode('QQ9')).toBe(-1);
    expect(segmentIdCode('ZZQ')).toBe(-1);
    expect(segmentIdCode('CLM')).toBeGreaterThanOrEqual(0);
  });

  it('hands out one compiled guide per map, whichever way it is asked for', () => {
    const chosen = chooseGuide('837', '005010X222A1', '').guide;
    expect(chosen?.map.id).toBe('837P');
    expect(chosen).toBe(guideById('837P'));
    expect(compiledGuides().get('837P')).toBe(chosen);
    expect(chooseGuide('835', '', '005010X221A1').guide).toBe(compiledGuides().get('835'));
  });

  it('resolves the tokenizer\'s id numbers to the same codes as the ids, before and after a guide is compiled', () => {
    const ids = ['NM1', 'CLP', 'SVC', 'ZZ9', 'HL', 'Q1', 'PLB', 'N4'];
    const text = 'ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*^*00501*000000001*0*T*:~' + ids.map((id) => `${id}*X~`).join('') + 'IEA*0*000000001~';
    const batch = new Tokenizer().pushBatch(text);
    const seen: Array<[string, number]> = [];
    for (let i = 0; i < batch.count; i++) seen.push([batch.ids[i], batch.idNumbers[i]]);
    expect(seen.map(([id]) => id)).toEqual(['ISA', ...ids, 'IEA']);
    expect(seen[0][1]).toBe(-1); // the ISA is made from text
    for (const [id, n] of seen.slice(1)) expect(n).toBeGreaterThanOrEqual(0);
    expect(new Set(seen.slice(1).map(([, n]) => n)).size).toBe(ids.length + 1);
    // Twice (the second time from the remembered codes), and after every guide is compiled.
    for (let round = 0; round < 2; round++) for (const [id, n] of seen) expect(segmentIdCodeOf(n, id)).toBe(segmentIdCode(id));
    compiledGuides();
    for (const [id, n] of seen) expect(segmentIdCodeOf(n, id)).toBe(segmentIdCode(id));
    expect(seen[4][0]).toBe('ZZ9');
    expect(segmentIdCodeOf(seen[4][1], 'ZZ9')).toBe(-1);
  });
});
