import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_STREAM_LIMITS, scanBatch } from '../../../src/gateway/batch-stream.js';
import { movedName, safeStem } from '../../../src/gateway/batch-names.js';
import { readyBatches, type Observation } from '../../../src/gateway/intake.js';

const dir = mkdtempSync(join(tmpdir(), 'intake-'));
afterEach(() => undefined);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

describe('outbox readiness', () => {
  it('takes a file only after its size and mtime stayed the same for stableMs', () => {
    const seen = new Map<string, Observation>();
    writeFileSync(join(dir, 'a.json'), '{"claims":[');
    writeFileSync(join(dir, '.hidden.json'), '{}');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(readyBatches(dir, seen, 1000, 10_000)).toEqual([]);
    expect(readyBatches(dir, seen, 1000, 10_500)).toEqual([]);
    writeFileSync(join(dir, 'a.json'), '{"claims":[1]}');
    expect(readyBatches(dir, seen, 1000, 11_200)).toEqual([]);
    expect(readyBatches(dir, seen, 1000, 12_100)).toEqual([]);
    expect(readyBatches(dir, seen, 1000, 12_300)).toEqual(['a.json']);
  });

  it('notices a change of mtime alone', () => {
    const seen = new Map<string, Observation>();
    const f = join(dir, 'b.ndjson');
    writeFileSync(f, 'x');
    utimesSync(f, new Date(1000), new Date(1000));
    readyBatches(dir, seen, 100, 0);
    utimesSync(f, new Date(2000), new Date(2000));
    expect(readyBatches(dir, seen, 100, 150)).not.toContain('b.ndjson');
    expect(readyBatches(dir, seen, 100, 300)).toContain('b.ndjson');
  });
});

describe('batch files (streamed)', () => {
  const scan = async (text: string | Buffer, name: string, provenComplete = false) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    const claims: unknown[] = [];
    const size = Buffer.byteLength(text);
    const result = await scanBatch(f, name, size, { ...DEFAULT_STREAM_LIMITS, provenComplete }, (_i, c) => void claims.push(c));
    return { result, claims };
  };

  it('reads JSON objects, arrays and NDJSON with a header line', async () => {
    expect(await scan('{"batchId":"B","claims":[{"a":1}]}', 'x.json')).toMatchObject({ result: { ok: true, claims: 1, header: { batchId: 'B' } }, claims: [{ a: 1 }] });
    expect(await scan('[{"a":1},{"a":2}]', 'x.json')).toMatchObject({ result: { ok: true, claims: 2 }, claims: [{ a: 1 }, { a: 2 }] });
    const nd = await scan('{"record":"batch","batchId":"N","partnerId":"demo"}\n{"a":1}\n\n{"a":2}\n', 'x.ndjson');
    expect(nd).toMatchObject({ result: { ok: true, claims: 2, header: { batchId: 'N', partnerId: 'demo' } }, claims: [{ a: 1 }, { a: 2 }] });
  });

  it('names what is wrong with a file it cannot use', async () => {
    expect((await scan('{"claims": []}', 'x.json')).result).toMatchObject({ ok: false, code: 'BATCH-EMPTY' });
    expect((await scan('{"rows": []}', 'x.json')).result).toMatchObject({ ok: false, code: 'BATCH-SHAPE' });
    expect((await scan('{"a":1}\n{oops\n', 'x.ndjson')).result).toMatchObject({ ok: false, code: 'BATCH-NDJSON-LINE', line: 2 });
  });

  it('reports an unfinished file as incomplete (or as an error once it is proven complete)', async () => {
    expect((await scan('{"claims": [', 'x.json')).result).toMatchObject({ ok: false, incomplete: true });
    expect((await scan('{"claims": [', 'x.json', true)).result).toMatchObject({ ok: false, incomplete: false, code: 'BATCH-JSON' });
    expect((await scan('{"a":1}\n{"a":2}', 'x.ndjson')).result).toMatchObject({ ok: false, incomplete: true });
    expect(await scan('{"a":1}\n{"a":2}', 'x.ndjson', true)).toMatchObject({ result: { ok: true, claims: 2 } });
  });

  it('accepts a UTF-8 BOM and refuses bytes that are not UTF-8', async () => {
    expect(await scan(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"claims":[{"a":1}]}')]), 'bom.json')).toMatchObject({ result: { ok: true, claims: 1 } });
    expect((await scan(Buffer.from([0x5b, 0xff, 0xfe, 0x00, 0x5d]), 'junk.json')).result).toMatchObject({ ok: false, code: 'BATCH-ENCODING' });
  });
});

describe('names made from a batch name', () => {
  it('are short, safe and distinct', () => {
    const long = 'L'.repeat(235) + '.json';
    expect(safeStem('claims-2024.json')).toBe('claims-2024');
    expect(safeStem(long).length).toBeLessThanOrEqual(80);
    expect(safeStem(long)).not.toBe(safeStem('L'.repeat(236) + '.json'));
    expect(safeStem('../x y.json')).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(Buffer.byteLength(movedName('é'.repeat(120) + '.ndjson'))).toBeLessThanOrEqual(180);
    expect(movedName('short.json')).toBe('short.json');
  });
});
