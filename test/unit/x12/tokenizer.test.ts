import { describe, expect, it } from 'vitest';
import { segmentIdOfNumber, Tokenizer, tokenize } from '../../../src/x12/tokenizer.js';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~';
const BODY = 'GS*HC*S*R*20240101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*1*20240101*1200*CH~SE*3*0001~GE*1*1~IEA*1*000000001~';

describe('tokenizer', () => {
  it('reads delimiters from the ISA and splits segments and elements', () => {
    const { segments, findings } = tokenize(ISA + BODY);
    expect(findings).toEqual([]);
    expect(segments.map((s) => s.id)).toEqual(['ISA', 'GS', 'ST', 'BHT', 'SE', 'GE', 'IEA']);
    expect(segments[0].delimiters).toEqual({ element: '*', repetition: '^', component: ':', segment: '~' });
    expect(segments[2].elements).toEqual(['ST', '837', '0001', '005010X222A1']);
    expect(segments.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives each segment its byte offset, also after a BOM and CRLF line ends', () => {
    const text = '\ufeff' + ISA + '\r\n' + BODY.replace(/~/g, '~\r\n');
    const { segments, findings } = tokenize(Buffer.from(text, 'utf8'));
    expect(findings).toEqual([]);
    const bytes = Buffer.from(text, 'utf8');
    for (const s of segments) expect(bytes.subarray(s.offset, s.offset + s.id.length).toString()).toBe(s.id);
    expect(segments[0].offset).toBe(3);
  });

  it('produces the same segments whatever the chunk boundaries', () => {
    const text = ISA + '\n' + BODY.replace(/~/g, '~\n');
    const whole = tokenize(text).segments.map((s) => [s.elements, s.offset]);
    for (const size of [1, 2, 3, 7, 50, 105, 106, 107]) {
      const t = new Tokenizer();
      const got: unknown[] = [];
      for (let i = 0; i < text.length; i += size) got.push(...t.push(text.slice(i, i + size)).segments.map((s) => [s.elements, s.offset]));
      got.push(...t.end().segments.map((s) => [s.elements, s.offset]));
      expect(got).toEqual(whole);
    }
  });

  it('reads messy files the same in any chunking', () => {
    // Interchanges with different delimiters (the second has no IEA),
    // CR LF line ends, a BOM, junk between interchanges, a UTF-8 value, an over-long segment and a last segment without
    // its terminator: read in chunks of any size, the tokenizer must give what one whole read gives.
    // The second interchange ends its segments with "^", the next ISA's repetition separator (ISA11): that ISA
    // arrives while "^" is still the terminator, so the first part of a chunk can end inside it.
    const second = ISA.replace(/\*/g, '|').replace('|:~', '|>^').replace('|^|', '|!|');
    const text =
      '\ufeff' + ISA + '\r\n' + BODY.replace('BHT*0019', 'NM1*IL*1*Müller~BHT*0019').replace(/~/g, '~\r\n') +
      'junk between\r\n' + second + '\n' + BODY.replace(/\*/g, '|').replace(/~/g, '^\n').replace('BHT|', 'REF|' + 'X'.repeat(300) + '^\nBHT|').replace('IEA|1|000000001^\n', '') +
      // No IEA before this ISA: it arrives while the second interchange's delimiters hold.
      ISA + '\r\nGS*HC*S*R*20240101*1200*2*X*005010X222A1~\r\nST*837*0002';
    const bytes = Buffer.from(text, 'utf8');
    const read = (size: number) => {
      const t = new Tokenizer({ maxSegmentLength: 200 });
      const segments: unknown[] = [];
      const findings: unknown[] = [];
      const take = (r: { segments: Array<{ id: string; elements: string[]; number: number; offset: number; delimiters: unknown }>; findings: Array<{ code: string; position: unknown }> }) => {
        segments.push(...r.segments.map((s) => [s.id, s.elements, s.number, s.offset, s.delimiters]));
        findings.push(...r.findings.map((f) => [f.code, f.position]));
      };
      for (let i = 0; i < bytes.length; i += size) take(t.push(bytes.subarray(i, i + size)));
      take(t.end());
      return { segments, findings };
    };
    const whole = read(bytes.length);
    expect(whole.segments).toHaveLength(17);
    expect(whole.findings.map((f) => (f as [string])[0]).sort()).toEqual(['X12-DATA-OUTSIDE-INTERCHANGE', 'X12-MISSING-TERMINATOR', 'X12-NON-ASCII', 'X12-SEGMENT-TOO-LONG'].sort());
    for (let size = 1; size <= 420; size += size < 40 ? 1 : 17) expect(read(size), `chunks of ${size}`).toEqual(whole);
  });

  it('switches delimiters at each ISA', () => {
    const second = ISA.replace(/\*/g, '|').replace('|:~', '|>\n').replace('|^|', '|!|');
    const text = ISA + BODY + second + BODY.replace(/\*/g, '|').replace(/~/g, '\n');
    const { segments, findings } = tokenize(text);
    expect(findings).toEqual([]);
    expect(segments.filter((s) => s.id === 'ST').map((s) => s.elements[1])).toEqual(['837', '837']);
    expect(segments[7].delimiters).toEqual({ element: '|', repetition: '!', component: '>', segment: '\n' });
  });

  it('reports a file without ISA and an empty file', () => {
    expect(tokenize('hello world, not x12').findings.map((f) => f.code)).toEqual(['X12-NO-ISA']);
    expect(tokenize('').findings.map((f) => f.code)).toEqual(['X12-EMPTY']);
    expect(tokenize('   \n').findings.map((f) => f.code)).toEqual(['X12-EMPTY']);
  });

  it('reports an ISA of the wrong length but still reads it', () => {
    const short = ISA.replace('SENDER         ', 'SENDER');
    const { segments, findings } = tokenize(short + BODY);
    expect(findings.map((f) => f.code)).toContain('X12-ISA-LENGTH');
    expect(segments.map((s) => s.id)).toContain('BHT');
  });

  it('reports a truncated file and a missing final terminator with positions', () => {
    const cut = (ISA + BODY).slice(0, -5);
    const { segments, findings } = tokenize(cut);
    const f = findings.find((x) => x.code === 'X12-MISSING-TERMINATOR');
    expect(f?.position.byteOffset).toBe(cut.lastIndexOf('~') + 1);
    expect(segments.at(-1)?.id).toBe('IEA');
    expect(tokenize(ISA.slice(0, 50)).findings.map((x) => x.code)).toEqual(['X12-ISA-ELEMENTS']);
  });

  it('skips an over-long segment with a finding and stays bounded', () => {
    const t = new Tokenizer({ maxSegmentLength: 1000 });
    t.push(ISA + 'GS*HC*');
    const big = 'x'.repeat(600);
    const findings = [];
    for (let i = 0; i < 20; i++) findings.push(...t.push(big).findings);
    const rest = t.push('~' + BODY.slice(BODY.indexOf('ST*')));
    findings.push(...rest.findings);
    expect(findings.map((f) => f.code)).toEqual(['X12-SEGMENT-TOO-LONG']);
    expect(rest.segments.map((s) => s.id)).toEqual(['ST', 'BHT', 'SE', 'GE', 'IEA']);
    expect((t as unknown as { pending: Buffer }).pending.length).toBeLessThan(2000);
  });

  it('keeps memory bounded on a 100 MB segment with the default limit', () => {
    const t = new Tokenizer();
    const findings = [...t.push(ISA + 'GS*HC*').findings];
    const mb = Buffer.alloc(1 << 20, 0x78);
    let largest = 0;
    for (let i = 0; i < 100; i++) {
      findings.push(...t.push(mb).findings);
      largest = Math.max(largest, (t as unknown as { pending: Buffer }).pending.length);
    }
    const rest = t.push('~' + BODY.slice(BODY.indexOf('ST*')));
    expect(findings.map((f) => f.code)).toEqual(['X12-SEGMENT-TOO-LONG']);
    expect(findings[0].position.byteOffset).toBe(ISA.length);
    expect(largest).toBeLessThanOrEqual(2 << 20);
    expect(rest.segments.map((s) => s.id)).toEqual(['ST', 'BHT', 'SE', 'GE', 'IEA']);
  });

  it('decodes UTF-8 inside segments and flags it', () => {
    const { segments, findings } = tokenize(Buffer.from(ISA + 'GS*HC*S*R*20240101*1200*1*X*005010X222A1~ST*837*0001~NM1*IL*1*MÜLLER~SE*3*0001~GE*1*1~IEA*1*000000001~'));
    expect(segments.find((s) => s.id === 'NM1')?.elements[3]).toBe('MÜLLER');
    expect(findings.map((f) => f.code)).toEqual(['X12-NON-ASCII']);
    // The message never quotes the value.
    expect(findings[0].message).not.toContain('LLER');
  });

  it('reports a UTF-16 file clearly', () => {
    const { findings } = tokenize(Buffer.from(ISA, 'utf16le'));
    expect(findings[0].code).toBe('X12-UTF16');
  });

  it('reads an ISA whose repetition separator equals its component separator, with an error', () => {
    const odd = ISA.replace('*^*', '*:*');
    const { segments, findings } = tokenize(odd + BODY);
    expect(findings.map((f) => f.code)).toEqual(['X12-ISA-REPETITION-SEPARATOR']);
    expect(segments[0].delimiters.repetition).toBe('');
  });

  it('reports invalid segment ids', () => {
    const { findings } = tokenize(ISA + 'GS*HC*S*R*20240101*1200*1*X*005010X222A1~st*837~');
    expect(findings.map((f) => f.code)).toEqual(['X12-SEGMENT-ID']);
  });

  it('reads slices of one buffer (carried by a view, no copy) as it reads separate copies of them', () => {
    const text = (ISA + BODY.replace('BHT*0019', 'NM1*IL*1*' + 'LONGNAME'.repeat(20) + '~BHT*0019').replace(/~/g, '~\n')).repeat(3);
    const bytes = Buffer.from(text, 'latin1');
    const read = (size: number, copy: boolean) => {
      const t = new Tokenizer();
      const out: unknown[] = [];
      const take = (b: ReturnType<Tokenizer['pushBatch']>) => {
        for (let i = 0; i < b.count; i++) {
          const s = b.segment(i);
          // The id's number names the same interned id.
          if (b.idNumbers[i] >= 0) expect(segmentIdOfNumber(b.idNumbers[i])).toBe(b.ids[i]);
          out.push([s.id, s.elements, s.number, s.offset]);
        }
        for (const f of b.findings) out.push([f.code, f.position]);
      };
      for (let i = 0; i < bytes.length; i += size) {
        const slice = bytes.subarray(i, i + size);
        // A copy in its own memory (not next to the previous slice), or the slice itself.
        take(t.pushBatch(copy ? Buffer.concat([slice, Buffer.alloc(5000)]).subarray(0, slice.length) : slice));
      }
      take(t.endBatch());
      return out;
    };
    const whole = read(bytes.length, false);
    expect(whole.length).toBe(24);
    for (const size of [1, 2, 7, 31, 64, 100, 257, 1000]) {
      expect(read(size, false), `slices of ${size}`).toEqual(whole);
      expect(read(size, true), `copies of ${size}`).toEqual(whole);
    }
  });
});
