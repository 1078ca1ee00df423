/**
 * The intake's eligibility look-up (src/gateway/eligibility-facts.ts): nothing is looked up before any
 * 271 is posted; afterwards a chunk of raw claims gets its patients' last answers by name and birth date,
 * which the scrubber turns into ELIGIBILITY-* warnings (checkClaims, as the intake calls it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Appointment } from '../../../src/eligibility/model.js';
import { readEligibilityResponses } from '../../../src/eligibility/read-271.js';
import { checkClaims } from '../../../src/gateway/claims-port.js';
import { eligibilityFactsLoader } from '../../../src/gateway/eligibility-facts.js';
import { createLedger, type LedgerDb } from '../../../src/ledger/index.js';
import { openTestMemoryLedgerDb } from '../../helpers/test-ledger.js';
import { professionalInput } from '../claims/fixtures.js';

const root = new URL('../../../', import.meta.url).pathname;
let handle: LedgerDb | undefined;
afterEach(async () => handle?.close());

describe('intake eligibility facts', () => {
  it('loads nothing before a 271; then an inactive patient\'s claim gets ELIGIBILITY-INACTIVE and a changed member id ELIGIBILITY-MEMBER-ID', async () => {
    handle = await openTestMemoryLedgerDb();
    const ledger = createLedger(handle.db);
    expect(await eligibilityFactsLoader({ ledger })).toBeUndefined();
    const appointments = z.array(Appointment).parse(JSON.parse(readFileSync(join(root, 'samples/270-271/appointments.json'), 'utf8')));
    await ledger.recordEligibilityChecks('demo', appointments, 'test');
    const text = readFileSync(join(root, 'samples/270-271/benefits.271'), 'latin1');
    const { file } = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'b.271', sha256: 'b', size: 1, kind: '271' });
    await ledger.postEligibilityAnswers(file.id, 'demo', readEligibilityResponses(text).answers);
    const load = (await eligibilityFactsLoader({ ledger }))!;
    // Lee Chen (dependent, inactive) and Alex Rivera (active) as claim patients
    const lee: any = professionalInput();
    lee.claimId = 'C-LEE';
    lee.subscriber = { ...lee.subscriber, name: { last: 'CHEN', first: 'SAM' }, memberId: 'W100200400' };
    lee.patient = { relationship: '19', name: { last: 'CHEN', first: 'LEE' }, birthDate: '2010-06-20', gender: 'M', address: lee.subscriber.address };
    const alex: any = professionalInput();
    alex.claimId = 'C-ALEX';
    alex.subscriber = { ...alex.subscriber, name: { last: 'RIVERA', first: 'ALEX' }, birthDate: '1980-01-15', memberId: 'W999' };
    const raws = [lee, alex];
    const checked = checkClaims(raws, { startIndex: 0, seenClaimIds: new Set() }, { today: '2030-01-01', defaultPartner: 'demo', knownPartners: new Set(['demo']), lastEligibility: await load(raws) });
    const codes = (id: string) => checked.find((c) => c.claimId === id)!.findings.map((f) => f.code).filter((c) => c.startsWith('ELIGIBILITY-'));
    expect(codes('C-LEE')).toEqual(['ELIGIBILITY-INACTIVE']);
    expect(codes('C-ALEX')).toEqual(['ELIGIBILITY-MEMBER-ID']);
    expect(checked.every((c) => !c.intake.rejected)).toBe(true);
  });
});
