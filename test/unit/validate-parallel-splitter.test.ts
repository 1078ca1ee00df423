/**
 * TransactionSplitter fed by the EnvelopeScanner (the main thread's byte scan): on a plain file, tasks cover every transaction set exactly once (ranges from an ST to
 * just after an SE's terminator, within one group, deltas that put the worker's positions back); on each
 * structure docs/engine.md lists as not plain, it refuses the split.
 */
import { describe, expect, it } from 'vitest';
import { EnvelopeScanner } from '../../src/cli/validate-parallel/envelope-scan.js';
import { TransactionSplitter, type ValidationTask } from '../../src/cli/validate-parallel/splitter.js';

const ISA = (n: string) => `ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *240101*1200*^*00501*${n}*0*T*:~\n`;
const SET = (st: string) => `ST*999*${st}*005010X231A1~\nAK1*HC*17*005010X222A1~\nAK2*837*0001*005010X222A1~\nIK5*A~\nAK9*A*1*1*1~\nSE*6*${st}~\n`;
const GROUP = (gs: string, sets: string[]) => `GS*FA*SUB*REC*20240101*1200*${gs}*X*005010X231A1~\n${sets.map(SET).join('')}GE*${sets.length}*${gs}~\n`;
const PLAIN = ISA('000000001') + GROUP('1', ['0001', '0002', '0003']) + GROUP('2', ['0001']) + 'IEA*2*000000001~\n' + ISA('000000002') + GROUP('1', ['0001']) + 'IEA*1*000000002~\n';

function split(text: string, taskBytes = 1, slice = 7): { splitter: TransactionSplitter; tasks: ValidationTask[]; notPlain?: string } {
  const tasks: ValidationTask[] = [];
  const splitter = new TransactionSplitter((t) => tasks.push(t), { taskBytes });
  const scanner = new EnvelopeScanner((segment) => splitter.envelope(segment));
  const bytes = Buffer.from(text, 'latin1');
  for (let at = 0; at < bytes.length; at += slice) scanner.push(bytes.subarray(at, at + slice));
  scanner.end();
  splitter.end(scanner.segmentCount);
  return { splitter, tasks, notPlain: scanner.unplain ?? splitter.unsplittable };
}

describe('TransactionSplitter', () => {
  it('splits a plain file into ranges of whole transaction sets with the right deltas', () => {
    for (const [taskBytes, slice] of [[1, 7], [200, 1], [1 << 20, 4096], [1, 5000]]) {
      const { splitter, tasks } = split(PLAIN, taskBytes, slice);
      expect(splitter.unsplittable).toBeUndefined();
      expect(tasks.reduce((n, t) => n + t.transactionCount, 0)).toBe(5);
      expect(splitter.transactionCount).toBe(5);
      for (const t of tasks) {
        const range = PLAIN.slice(t.start, t.end);
        expect(range.startsWith('ST*999*')).toBe(true);
        expect(range.endsWith('~')).toBe(true);
        expect(range.match(/^SE\*/gm)?.length).toBe(t.transactionCount);
        // The worker's little file: ISA, GS (each to its terminator), then the range; its ST is segment 3 at prefix.length.
        expect(t.prefix.toString('latin1')).toMatch(/^ISA\*[^~]*~GS\*FA\*[^~]*~$/);
        expect(t.byteDelta + t.prefix.length).toBe(t.start);
        const stNumber = PLAIN.slice(0, t.start).split('~').length; // segments before the ST, plus one
        expect(t.segmentDelta + 3).toBe(stNumber);
        expect(t.segmentCount).toBe(range.split('~').length - 1);
      }
      // One task per set with tiny tasks; one per group with big ones.
      if (taskBytes === 1) expect(tasks.length).toBe(5);
      if (taskBytes === 1 << 20) expect(tasks.length).toBe(3);
      expect(splitter.segmentCount).toBe(PLAIN.split('~').length - 1);
      expect(splitter.skeleton.map((s) => s.id).join(' ')).toBe('ISA GS ST SE ST SE ST SE GE GS ST SE GE IEA ISA GS ST SE GE IEA');
    }
  });

  const refused: Array<[string, string]> = [
    ['a TA1 inside an interchange', PLAIN.replace('GS*FA*SUB*REC*20240101*1200*2*', 'TA1*000000001*240101*1200*A*000~\nGS*FA*SUB*REC*20240101*1200*2*')],
    ['an ST02 used twice in a group', PLAIN.replace('ST*999*0002*', 'ST*999*0001*')],
    ['a missing SE', PLAIN.replace('SE*6*0002~\n', '')],
    ['a missing GE', PLAIN.replace('GE*1*2~\n', '')],
    ['a missing IEA at the end', PLAIN.replace(/IEA\*1\*000000002~\n$/, '')],
    ['junk between interchanges', PLAIN.replace('IEA*2*000000001~\n', 'IEA*2*000000001~\nJUNK\n')],
    ['indented segments', PLAIN.replace('AK1*', '  AK1*')],
    ['a bad segment id', PLAIN.replace('AK1*', 'ak1*')],
    ['non-ASCII text', PLAIN.replace('AK1*HC', 'AK1*HÉ')],
    ['a missing last terminator', PLAIN.replace(/~\n$/, '')],
    ['a NUL between segments', PLAIN.replace('AK1*', '\0AK1*')],
    ['a byte-order mark', '\xef\xbb\xbf' + PLAIN],
    ['an empty segment', PLAIN.replace('IK5*A~\n', 'IK5*A~~\n')],
    ['a four-letter segment id', PLAIN.replace('AK1*', 'AKAK*')],
    ['an ISA inside an interchange', PLAIN.replace('GE*1*2~\n', 'GE*1*2~\n' + ISA('000000009'))],
    ['a GS inside a transaction set', PLAIN.replace('IK5*A~\n', 'GS*FA*SUB*REC*20240101*1200*9*X*005010X231A1~\n')],
  ];
  for (const [what, text] of refused) {
    it(`refuses ${what}`, () => {
      for (const slice of [1, 7, 100_000]) expect(split(text, 1, slice).notPlain, `slice ${slice}`).toBeDefined();
    });
  }
});
