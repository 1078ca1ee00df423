/** 999 / TA1 generation from a read report: the right verdicts, and our 999s and TA1s validate clean against our own maps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readX12, allFindings } from '../../src/guides/index.js';
import { buildAcknowledgments } from '../../src/acks/generate.js';
import { CORPUS_DIR, corpusManifest } from '../helpers/corpus.js';

const options = { date: '20240102', time: '1200', interchangeControlNumber: (i: number) => 100 + i, groupControlNumber: (i: number) => 7 + i, lineEnding: '\n' };
const ISA = (ack: '0' | '1') => `ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*CLEARINGHOUSE  *240101*1200*^*00501*000000321*${ack}*T*:~`;
const GS = 'GS*HC*SUB*CH*20240101*1200*55*X*005010X222A1~';

function segmentsOf(text: string, id: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(id + '*'))
    .map((l) => l.replace(/~$/, '').split('*'));
}

describe('999 / TA1 generation', () => {
  it('rejects a transaction set with an SE count error and names the segment and element', () => {
    const text = ISA('0') + GS + 'ST*837*0001*005010X222A1~BHT*0019*00*1*20240101*1200*CH~SE*9*0001~GE*1*55~IEA*1*000000321~';
    const [ack] = buildAcknowledgments(readX12(text), options);
    expect(ack.ta1).toBeUndefined();
    const ik5 = segmentsOf(ack.ack999!, 'IK5');
    expect(ik5[0][1]).toBe('R');
    expect(ik5[0]).toContain('4');
    const ak9 = segmentsOf(ack.ack999!, 'AK9')[0];
    expect(ak9.slice(1, 5)).toEqual(['R', '1', '1', '0']);
    expect(segmentsOf(ack.ack999!, 'AK1')[0].slice(1)).toEqual(['HC', '55', '005010X222A1']);
  });

  it('answers ISA14=1 with a TA1 and a bad envelope with a rejecting TA1 and no 999', () => {
    const good = ISA('1') + GS + 'ST*837*0001*005010X222A1~SE*2*0001~GE*1*55~IEA*1*000000321~';
    const [a] = buildAcknowledgments(readX12(good), options);
    expect(segmentsOf(a.ta1!, 'TA1')[0].slice(1)).toEqual(['000000321', '240101', '1200', 'A', '000']);
    const bad = good.replace('IEA*1*000000321', 'IEA*1*000000999');
    const [b] = buildAcknowledgments(readX12(bad), options);
    expect(segmentsOf(b.ta1!, 'TA1')[0].slice(4)).toEqual(['R', '001']);
    expect(b.ack999).toBeUndefined();
  });

  it('swaps sender and receiver and uses the injected control numbers and dates', () => {
    const text = ISA('0') + GS + 'ST*837*0001*005010X222A1~SE*2*0001~GE*1*55~IEA*1*000000321~';
    const [ack] = buildAcknowledgments(readX12(text), options);
    const isa = ack.ack999!.slice(0, 106);
    expect(isa).toContain('*ZZ*CLEARINGHOUSE  *ZZ*SUBMITTER      *240102*1200*');
    expect(isa).toContain('*000000101*');
    expect(segmentsOf(ack.ack999!, 'GS')[0].slice(1, 9)).toEqual(['FA', 'CH', 'SUB', '20240102', '1200', '7', 'X', '005010X231A1']);
  });

  it('never acknowledges an acknowledgment (no 999 for a functional group of 999s)', () => {
    const text = ISA('0') + 'GS*FA*SUB*CH*20240101*1200*56*X*005010X231A1~ST*999*0001*005010X231A1~AK1*HC*1*005010X222A1~AK9*A*1*1*1~SE*4*0001~GE*1*56~IEA*1*000000321~';
    const [ack] = buildAcknowledgments(readX12(text), options);
    expect(ack.ack999).toBeUndefined();
    expect(ack.ta1).toBeUndefined();
  });

  it('writes 999s and TA1s for every corpus file that validate clean against our 999 and TA1 maps', () => {
    let acked = 0;
    for (const entry of corpusManifest()) {
      const report = readX12(readFileSync(join(CORPUS_DIR, entry.file)), { file: entry.file });
      for (const ack of buildAcknowledgments(report, options)) {
        for (const text of [ack.ta1, ack.ack999]) {
          if (!text) continue;
          acked++;
          const findings = allFindings(readX12(text));
          expect(findings.map((f) => `${f.code} ${f.message}`), `${entry.file}\n${text}`).toEqual([]);
        }
      }
    }
    expect(acked).toBeGreaterThan(100);
  });
});
