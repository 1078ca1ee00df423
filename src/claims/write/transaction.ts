/**
 * One 837 transaction set: BHT, 1000A submitter, 1000B receiver, then the hierarchy
 *   2000A billing provider (HL03 = 20) → 2000B subscriber (22) → [2000C patient (23)] → 2300 claims,
 * with claims sharing a billing provider, a subscriber and a patient written under one HL each, in the
 * order they first appear. The guides allow at most 100 claims (2300) under one 2000B or 2000C level
 * (`maxClaimsPerLevel` in kinds.ts); more claims of the same subscriber or patient go under another level
 * with the same contents (2000B and 2000C repeat without limit), so no claim is ever refused for it.
 */
import type { X12Writer } from '../../x12/writer.js';
import type { Receiver, Submitter } from '../model.js';
import type { PreparedClaim } from './prepare.js';
import { contact, organizationNm1 } from './segments.js';

export interface TransactionHeader {
  /** BHT03: our reference for this transaction set. */
  reference: string;
  /** BHT04 CCYYMMDD, BHT05 HHMM */
  date: string;
  time: string;
  submitter: Submitter;
  receiver: Receiver;
}

interface PatientGroup {
  segments: PreparedClaim['patient'];
  claims: PreparedClaim[];
}
interface SubscriberGroup {
  segments: PreparedClaim['subscriber'];
  /** Claims of a subscriber who is the patient. */
  claims: PreparedClaim[];
  patients: Map<string, PatientGroup>;
}
interface ProviderGroup {
  segments: PreparedClaim['billingProvider'];
  subscribers: Map<string, SubscriberGroup>;
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (!v) map.set(key, (v = make()));
  return v;
}

export function groupClaims(claims: readonly PreparedClaim[]): Map<string, ProviderGroup> {
  const providers = new Map<string, ProviderGroup>();
  for (const p of claims) {
    const provider = getOr(providers, p.billingProviderKey, (): ProviderGroup => ({ segments: p.billingProvider, subscribers: new Map() }));
    const subscriber = getOr(provider.subscribers, p.subscriberKey, (): SubscriberGroup => ({ segments: p.subscriber, claims: [], patients: new Map() }));
    if (p.patient.length === 0) subscriber.claims.push(p);
    else getOr(subscriber.patients, p.patientKey, (): PatientGroup => ({ segments: p.patient, claims: [] })).claims.push(p);
  }
  return providers;
}

/** `items` in runs of at most `size` (one run, possibly empty, when there are none). */
export function runsOf<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs.length ? runs : [[]];
}

/**
 * Writes BHT through the last claim; the caller has started the transaction set and ends it.
 * The batch writer holds its claims as text instead (held-transaction.ts, issue 12); this is the
 * reference it is proven equal to (test/property/held-transaction.property.test.ts).
 */
export function writeTransactionBody(w: X12Writer, header: TransactionHeader, claims: readonly PreparedClaim[], maxClaimsPerLevel = 100): void {
  w.segment({ id: 'BHT', elements: ['0019', '00', header.reference, header.date, header.time, 'CH'] });
  w.segment(organizationNm1('41', header.submitter.name, '46', header.submitter.id));
  for (const s of contact(header.submitter.contact)) w.segment(s);
  w.segment(organizationNm1('40', header.receiver.name, '46', header.receiver.id));

  let hl = 0;
  const writeAll = (segments: PreparedClaim['claimLoop']) => {
    for (const s of segments) w.segment(s);
  };
  for (const provider of groupClaims(claims).values()) {
    const providerHl = ++hl;
    w.segment({ id: 'HL', elements: [String(providerHl), '', '20', '1'] });
    writeAll(provider.segments);
    for (const subscriber of provider.subscribers.values()) {
      // The first 2000B carries the patients (2000C) and up to the limit of the subscriber's own claims;
      // each further run of own claims gets a 2000B of its own.
      runsOf(subscriber.claims, maxClaimsPerLevel).forEach((own, run) => {
        const subscriberHl = ++hl;
        const patients = run === 0 ? [...subscriber.patients.values()] : [];
        w.segment({ id: 'HL', elements: [String(subscriberHl), String(providerHl), '22', patients.length > 0 ? '1' : '0'] });
        writeAll(subscriber.segments);
        for (const c of own) writeAll(c.claimLoop);
        for (const patient of patients) {
          for (const patientRun of runsOf(patient.claims, maxClaimsPerLevel)) {
            w.segment({ id: 'HL', elements: [String(++hl), String(subscriberHl), '23', '0'] });
            writeAll(patient.segments);
            for (const c of patientRun) writeAll(c.claimLoop);
          }
        }
      });
    }
  }
}
