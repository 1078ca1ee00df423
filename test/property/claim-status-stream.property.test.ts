/**
 * Issue 12, round 4: the inbox reads a 277CA from the file in two streaming passes
 * (src/gateway/claim-status-stream.ts) instead of parsing it whole (`parseResponse`). Over random 277CAs
 * from the simulator's writer, each with random corruptions (segments dropped, repeated, swapped, HL
 * levels and TRN qualifiers changed, elements emptied), pushed in random chunk sizes:
 *  - the survey fails exactly when `parseResponse` does;
 *  - the posting stream gives the same claim statuses, in the same order, as `parseResponse`;
 *  - the streamed `.status.csv` / `.status.html` are byte-identical to the whole reports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { write277CA, type ClaimStatusInput } from '../../src/simulator/responses.js';
import { parseResponse } from '../../src/gateway/read-responses.js';
import { ClaimStatusPostingStream, ClaimStatusSurvey } from '../../src/gateway/claim-status-stream.js';
import { readClaimStatuses } from '../../src/acks/read-277.js';
import { claimStatusCsv, claimStatusCsvWriter, claimStatusHtml, claimStatusHtmlWriter } from '../../src/acks/report.js';
import { chunksOf, corruptSegments } from '../helpers/stream-inputs.js';

const pcn = fc.stringMatching(/^[A-Z0-9]{3,10}$/);

const claimInput = fc.record({
  pcn,
  lines: fc.integer({ min: 1, max: 3 }),
  npi: fc.constantFrom('1234567893', '1588667638'),
  accepted: fc.boolean(),
  category: fc.constantFrom('A3', 'A7', 'A8', 'E0'),
  payerClaim: fc.option(pcn, { nil: undefined }),
});

const fileInput = fc.record({ interchanges: fc.array(fc.array(claimInput, { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 3 }) });

type ClaimValue = { pcn: string; lines: number; npi: string; accepted: boolean; category: string; payerClaim?: string };

function build(input: { interchanges: ClaimValue[][] }): string {
  return input.interchanges
    .map((claims, i) =>
      write277CA({
        envelope: { senderId: 'SIMCH', receiverId: 'PRACTICE01', senderCode: 'SIMCH', receiverCode: 'PRACTICE01', interchangeControl: i + 1, groupControl: i + 1, date: '20260110', time: '1200', usage: 'T' },
        submitter: { name: 'SYNTHETIC BILLING', id: 'PRACTICE01' },
        reference: `BATCH${i}`,
        claims: claims.map((c) => ({
          claim: {
            patientControlNumber: c.pcn,
            charge: String(100 * c.lines),
            memberId: 'M1',
            patientLast: 'SYNTHETIC',
            patientFirst: 'PAT',
            billingNpi: c.npi,
            billingName: 'SYNTHETIC CLINIC',
            payerId: 'SIMPAYER',
            serviceDate: '20260105',
            lines: Array.from({ length: c.lines }, (_, k) => ({ lineNumber: k + 1, procedure: '99213', qualifier: 'HC', charge: '100', units: '1', lineControl: `${c.pcn}-${k + 1}`, serviceDate: '20260105' })),
            transaction: '0001',
            frequency: '1',
          },
          accepted: c.accepted,
          reason: c.accepted ? undefined : { category: c.category, status: '562', entity: '85' },
          payerClaimNumber: c.payerClaim,
        })) as ClaimStatusInput['claims'],
      }),
    )
    .join('');
}

/** One corruption of the segment list (never of ISA/IEA, so most files stay readable and post). */
const corruption = fc.record({ kind: fc.constantFrom('drop', 'repeat', 'swap', 'hl-level', 'trn-qualifier', 'empty-element', 'none'), at: fc.nat(), to: fc.nat(), value: fc.constantFrom('PT', '23', '22', '19', '2', '1', '') });

describe('277CA streamed posting = whole posting', () => {
  it('same verdict, same claim statuses in the same order, same reports, over random corrupted files and chunkings', () => {
    fc.assert(
      fc.property(fileInput, fc.array(corruption, { maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 4 }), (input, corruptions, sizes) => {
        const bytes = Buffer.from(corruptSegments(build(input), corruptions), 'latin1');
        const whole = parseResponse(bytes, 'x.277');
        const csv: string[] = [];
        const html: string[] = [];
        const writers = [claimStatusCsvWriter((t) => csv.push(t)), claimStatusHtmlWriter((t) => html.push(t), { title: 'T' })];
        const survey = new ClaimStatusSurvey('x.277', writers);
        for (const c of chunksOf(bytes, sizes)) survey.push(c);
        const surveyed = survey.end();
        for (const w of writers) w.end();
        if (whole.kind !== '277CA' || 'findings' in whole) {
          // Not a readable 277CA as a whole (kind changed by a corruption, or fatal): the survey of a 277CA fails too, or the kind differs.
          if (whole.kind === '277CA') expect('findings' in surveyed).toBe(true);
          return;
        }
        expect('findings' in surveyed).toBe(false);
        const stream = new ClaimStatusPostingStream('x.277');
        const streamed = [];
        for (const c of chunksOf(bytes, sizes)) streamed.push(...stream.push(c));
        streamed.push(...stream.end());
        expect(streamed).toEqual(whole.posting.claims);
        const { responses } = readClaimStatuses(bytes, { file: 'x.277' });
        expect(csv.join('')).toBe(claimStatusCsv(responses));
        expect(html.join('')).toBe(claimStatusHtml(responses, { title: 'T' }));
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
