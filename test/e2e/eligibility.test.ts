/**
 * Eligibility end to end over real SFTP (the in-process simulated clearinghouse on loopback): appointment
 * files (JSON, CSV and a FHIR Appointment + Coverage bundle) dropped in eligibility/ become checks, one 270 goes out, the simulator's 271 comes
 * back and is posted — active with benefits, inactive, not found (AAA with the reason in words) — and a
 * 271 for an appointment we never asked about lands in the unmatched list.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

const root = new URL('../../', import.meta.url).pathname;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.close());

const appointments = () => {
  const list = JSON.parse(readFileSync(join(root, 'samples/270-271/appointments.json'), 'utf8'));
  list[2].subscriber.memberId = 'UNKNOWN-9';
  return [...list, { ...list[0], appointmentId: 'APPT-1005', subscriber: { ...list[0].subscriber, memberId: 'W-INACTIVE-5' } }];
};
const CSV = [
  'appointmentId,date,payerId,payerName,providerNpi,providerName,subscriberLast,subscriberFirst,memberId,subscriberBirthDate,serviceTypes,procedures',
  'APPT-CSV-1,2024-03-20,SIMPAYER1,SIMULATED PAYER,1234567893,MAPLE FAMILY CLINIC,NGUYEN,BAO,M55501,1970-02-02,30 98,99213:120.00:98',
  'APPT-CSV-2,2024-03-20,SIMPAYER1,SIMULATED PAYER,12345,MAPLE FAMILY CLINIC,NGUYEN,BAO,M55501,1970-02-02,30,',
].join('\n');

describe('eligibility over SFTP', () => {
  it('sends one 270 for the dropped appointments and posts the 271 answers', async () => {
    const folder = join(h.dir, 'eligibility');
    writeFileSync(join(folder, 'monday.json'), JSON.stringify(appointments()));
    writeFileSync(join(folder, 'tuesday.csv'), CSV);
    writeFileSync(join(folder, 'wednesday-fhir.json'), readFileSync(join(root, 'samples/270-271/appointments-fhir.json')));
    await new Promise((r) => setTimeout(r, 120));
    await runUntil(h, async () => {
      const checks = await h.ledger.eligibilityChecks();
      return checks.length === 6 && checks.every((c) => c.state === 'answered' || c.state === 'rejected');
    });
    const checks = new Map((await h.ledger.eligibilityChecks()).map((c) => [c.appointment_id, c]));
    expect(checks.get('APPT-1001')).toMatchObject({ state: 'answered', coverage: 'active', plan: 'SIMULATED PPO' });
    expect(checks.get('APPT-1001')!.benefits.find((b) => b.service_type === '30')).toMatchObject({ deductible_remaining: '10', coinsurance: '0.2' });
    expect(checks.get('APPT-1003')).toMatchObject({ state: 'answered', coverage: 'active' });
    expect(checks.get('APPT-1005')).toMatchObject({ state: 'answered', coverage: 'inactive' });
    expect(checks.get('APPT-CSV-1')).toMatchObject({ state: 'answered', coverage: 'active' });
    // from the FHIR Appointment + Coverage bundle: a dependent, answered with the subscriber's member id
    expect(checks.get('FHIR-APPT-1')).toMatchObject({ state: 'answered', coverage: 'active', answered_member_id: 'W100200400' });
    const unknown = checks.get('APPT-1004')!;
    expect(unknown.state).toBe('rejected');
    expect(JSON.parse(unknown.rejections!)).toEqual([{ loop: '2100C', reason: '75', reasonText: 'Subscriber/insured not found', followUp: 'C', followUpText: 'Please correct and resubmit' }]);
    // one 270 interchange over SFTP (a transaction set per payer: ACME01, BLUE02, SIMPAYER1), answered by one 271
    expect(h.sim.stats().eligibility).toBe(3);
    expect((await h.ledger.listFiles({ direction: 'in' })).filter((f) => f.kind === '271').map((f) => f.state)).toEqual(['posted']);
    const sent = (await h.ledger.listFiles({ direction: 'out' })).filter((f) => f.kind === '270');
    // the clearinghouse's 999 accepted it like an 837's
    expect(sent.map((f) => f.state)).toEqual(['acknowledged']);
    // the CSV row with a bad NPI is reported by row and field, without its value
    const errors = JSON.parse(readFileSync(join(folder, 'rejected', 'tuesday.csv.errors.json'), 'utf8'));
    expect(errors.problems).toEqual([{ row: 3, field: '$.provider.npi', message: 'an NPI is ten digits' }]);
    expect(readdirSync(join(folder, 'archive')).sort()).toEqual(['monday.json', 'tuesday.csv', 'wednesday-fhir.json']);
    expect(JSON.parse(readFileSync(join(folder, 'rejected', 'wednesday-fhir.json.errors.json'), 'utf8')).problems).toEqual([{ field: 'Bundle.entry[6].resource.participant', message: 'no participant is a Patient in this Bundle' }]);
  }, 90_000);

  it('a 271 for an appointment we never asked about is posted to the unmatched list, changing nothing', async () => {
    const text = readFileSync(join(root, 'samples/270-271/rejected.271'), 'latin1');
    writeFileSync(join(h.dir, 'inbox', 'stray.271'), text);
    await h.gateway.cycle();
    const file = (await h.ledger.listFiles({ direction: 'in' })).find((f) => f.name === 'stray.271');
    expect(file).toMatchObject({ kind: '271', state: 'posted' });
    const unmatched = await h.handle.db.selectFrom('unmatched').selectAll().where('file_id', '=', file!.id).execute();
    expect(unmatched.map((u) => u.reference).sort()).toEqual(['TRN02 APPT-2001', 'TRN02 APPT-2002']);
  }, 30_000);
});
