import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBatchFile } from '../../../src/gateway/claims-port.js';
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

describe('batch files', () => {
  it('reads JSON objects, arrays and NDJSON with a header line', () => {
    expect(parseBatchFile(Buffer.from('{"batchId":"B","claims":[{"a":1}]}'), 'x.json')).toEqual({ ok: true, batch: { batchId: 'B', claims: [{ a: 1 }] } });
    expect(parseBatchFile(Buffer.from('[{"a":1},{"a":2}]'), 'x.json')).toMatchObject({ ok: true, batch: { claims: [{ a: 1 }, { a: 2 }] } });
    const nd = parseBatchFile(Buffer.from('{"record":"batch","batchId":"N","partnerId":"demo"}\n{"a":1}\n\n{"a":2}\n'), 'x.ndjson');
    expect(nd).toEqual({ ok: true, batch: { batchId: 'N', partnerId: 'demo', claims: [{ a: 1 }, { a: 2 }] } });
  });

  it('names what is wrong with a file it cannot use', () => {
    expect(parseBatchFile(Buffer.from('{"claims": ['), 'x.json')).toMatchObject({ ok: false, code: 'BATCH-JSON' });
    expect(parseBatchFile(Buffer.from('{"claims": []}'), 'x.json')).toMatchObject({ ok: false, code: 'BATCH-EMPTY' });
    expect(parseBatchFile(Buffer.from('{"rows": []}'), 'x.json')).toMatchObject({ ok: false, code: 'BATCH-SHAPE' });
    expect(parseBatchFile(Buffer.from('{"a":1}\n{oops\n'), 'x.ndjson')).toMatchObject({ ok: false, code: 'BATCH-NDJSON-LINE', line: 2 });
  });
});
