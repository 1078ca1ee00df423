/**
 * `acknowledgmentReportStream` (src/acks/ack-report-stream.ts), the one second read of a 999 / TA1 file
 * that `x12gw report` and the gateway's `.ack.html` / `.ack.csv` share: pushed in any chunking, with the
 * 837 index known for some 999s and not for others (the gateway's case: each 999 answers its own sent
 * 837), the HTML and CSV it writes are byte-identical to the whole reports built from the parsed file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acknowledgmentReportStream } from '../../../src/acks/ack-report-stream.js';
import { index837, mapAcknowledgmentTo837, type MappedError } from '../../../src/acks/map-to-837.js';
import type { Acknowledgment999 } from '../../../src/acks/model.js';
import { AcknowledgmentCollector, readAcknowledgments, readInterchangeAcknowledgments } from '../../../src/acks/read-999.js';
import { acknowledgmentCsv, acknowledgmentCsvWriter, acknowledgmentHtml, acknowledgmentHtmlWriter } from '../../../src/acks/report.js';
import { X12Reader } from '../../../src/guides/reader.js';
import { chunksOf } from '../../helpers/stream-inputs.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'samples', 'acks');
const sample = (f: string) => readFileSync(join(SAMPLES, f), 'latin1');
/** Four 999s and a TA1: the rejected and the partially accepted 999 have errors that hit claims of the 837. */
const FILE = Buffer.from(sample('rejected.999') + sample('partially-accepted.999') + sample('interchange-rejected.ta1') + sample('rejected.999') + sample('accepted.999'), 'latin1');
const INDEX = index837(readFileSync(join(SAMPLES, 'claims-answered.837')));

/** The first read: the 999s' summaries (no transaction sets) and the TA1s. */
function firstRead(bytes: Buffer) {
  const collector = new AcknowledgmentCollector({ keepTransactions: false });
  const reader = new X12Reader({ file: 'x.999', units: AcknowledgmentCollector.units, onUnit: (u, p, c) => collector.onUnit(u, p, c), onTransaction: (r, c) => collector.onTransaction(r, c) });
  reader.push(bytes);
  const ta1 = readInterchangeAcknowledgments(reader.end());
  return { summaries: collector.acks, ta1 };
}

describe('acknowledgmentReportStream', () => {
  it('writes the whole reports, mapped where the 837 is known, whatever the chunking', () => {
    const { acks, ta1 } = readAcknowledgments(FILE, { file: 'x.999' });
    expect(acks).toHaveLength(4);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 4 }), (known, sizes) => {
        const mapped = new Map<Acknowledgment999, MappedError[]>();
        acks.forEach((a, i) => known[i] && mapped.set(a, mapAcknowledgmentTo837(a, INDEX)));
        const { summaries, ta1: firstTa1 } = firstRead(FILE);
        let html = '';
        let csv = '';
        const stream = acknowledgmentReportStream({
          file: 'x.999',
          summaries,
          writers: [acknowledgmentHtmlWriter((t) => (html += t), firstTa1, { title: 'T' }), acknowledgmentCsvWriter((t) => (csv += t), firstTa1)],
          indexOf: (i) => (known[i] ? INDEX : undefined),
        });
        for (const chunk of chunksOf(FILE, sizes)) stream.push(chunk);
        stream.end();
        expect(html).toBe(acknowledgmentHtml(acks, ta1, { title: 'T', mapped }));
        expect(csv).toBe(acknowledgmentCsv(acks, ta1));
      }),
      { numRuns: 60 },
    );
  });

  it('the file holds errors that map to claims of the 837 (so the mapping is exercised)', () => {
    const { acks } = readAcknowledgments(FILE, { file: 'x.999' });
    expect(mapAcknowledgmentTo837(acks[0]!, INDEX).length).toBeGreaterThan(0);
    expect(mapAcknowledgmentTo837(acks[1]!, INDEX).length).toBeGreaterThan(0);
  });
});
