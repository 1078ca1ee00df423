/**
 * The claims of one transaction set while it fills up, held as the text they will be written as
 * (issue 12: flat memory). Each claim is grouped under its billing provider, subscriber and patient as
 * it arrives — the grouping of `groupClaims` in transaction.ts, in the same first-appearance order — and
 * only its claim loop is kept, formatted once with its segment count; a level's segments are formatted
 * once per group, from the first claim in it. The parsed claim is kept only when asked for (the
 * gateway's `onClaimWritten`).
 *
 * `writeHeldBody` writes BHT through the last claim exactly as `writeTransactionBody` does (same HL
 * numbering, the same runs of at most `maxClaimsPerLevel` claims under a 2000B or 2000C), proven
 * byte-equal by test/property/held-transaction.property.test.ts.
 */
import type { Delimiters } from '../../x12/delimiters.js';
import { formatSegment, type SegmentData } from '../../x12/writer.js';
import type { Claim } from '../model.js';
import type { PreparedClaim } from './prepare.js';
import { contact, organizationNm1 } from './segments.js';
import { runsOf, type TransactionHeader } from './transaction.js';

/** Segments as written (terminators and line endings included) and how many there are. */
interface Text {
  text: string;
  segments: number;
}
interface PatientGroup {
  level: Text;
  claims: Text[];
}
interface SubscriberGroup {
  level: Text;
  /** Claims of a subscriber who is the patient. */
  claims: Text[];
  patients: Map<string, PatientGroup>;
}
interface ProviderGroup {
  level: Text;
  subscribers: Map<string, SubscriberGroup>;
}

export interface HeldTransaction {
  /** Claims held. */
  readonly size: number;
  /** The parsed claims in the order added (only with `keepClaims`). */
  readonly claims: readonly Claim[];
  /** Holds a claim whose values have been checked for delimiters. */
  add(p: PreparedClaim): void;
}

export interface HeldTextOptions {
  delimiters: Delimiters;
  /** Written after each segment terminator (the partner's line ending). */
  lineEnding: string;
  keepClaims?: boolean;
}

interface Held extends Omit<HeldTransaction, 'size'> {
  size: number;
  providers: Map<string, ProviderGroup>;
}

export function createHeldTransaction(options: HeldTextOptions): HeldTransaction {
  const terminator = options.delimiters.segment + options.lineEnding;
  // Joined, not concatenated: one flat string per claim (a `+=` chain is a tree of pieces, ~3× the memory).
  const textOf = (segments: readonly SegmentData[]): Text => {
    const parts: string[] = [];
    for (const s of segments) parts.push(formatSegment(s, options.delimiters), terminator);
    return { text: parts.join(''), segments: segments.length };
  };
  const providers = new Map<string, ProviderGroup>();
  const claims: Claim[] = [];
  const held: Held = {
    providers,
    size: 0,
    claims,
    add(p) {
      let provider = providers.get(p.billingProviderKey);
      if (!provider) providers.set(p.billingProviderKey, (provider = { level: textOf(p.billingProvider), subscribers: new Map() }));
      let subscriber = provider.subscribers.get(p.subscriberKey);
      if (!subscriber) provider.subscribers.set(p.subscriberKey, (subscriber = { level: textOf(p.subscriber), claims: [], patients: new Map() }));
      const loop = textOf(p.claimLoop);
      if (p.patient.length === 0) subscriber.claims.push(loop);
      else {
        let patient = subscriber.patients.get(p.patientKey);
        if (!patient) subscriber.patients.set(p.patientKey, (patient = { level: textOf(p.patient), claims: [] }));
        patient.claims.push(loop);
      }
      if (options.keepClaims) claims.push(p.claim);
      held.size++;
    },
  };
  return held;
}

/**
 * Writes BHT through the last held claim to `emit`; returns the number of segments written (for SE01).
 * The caller has written ST and writes SE.
 */
export function writeHeldBody(emit: (text: string) => void, transaction: HeldTransaction, header: TransactionHeader, options: HeldTextOptions & { maxClaimsPerLevel: number }): number {
  const { providers } = transaction as Held;
  const terminator = options.delimiters.segment + options.lineEnding;
  let count = 0;
  const segment = (s: SegmentData) => {
    emit(formatSegment(s, options.delimiters) + terminator);
    count++;
  };
  const text = (t: Text) => {
    if (t.segments) emit(t.text);
    count += t.segments;
  };
  segment({ id: 'BHT', elements: ['0019', '00', header.reference, header.date, header.time, 'CH'] });
  segment(organizationNm1('41', header.submitter.name, '46', header.submitter.id));
  for (const s of contact(header.submitter.contact)) segment(s);
  segment(organizationNm1('40', header.receiver.name, '46', header.receiver.id));

  let hl = 0;
  for (const provider of providers.values()) {
    const providerHl = ++hl;
    segment({ id: 'HL', elements: [String(providerHl), '', '20', '1'] });
    text(provider.level);
    for (const subscriber of provider.subscribers.values()) {
      // As writeTransactionBody: the first 2000B carries the patients (2000C) and up to the limit of the
      // subscriber's own claims; each further run of own claims gets a 2000B of its own.
      runsOf(subscriber.claims, options.maxClaimsPerLevel).forEach((own, run) => {
        const subscriberHl = ++hl;
        const patients = run === 0 ? [...subscriber.patients.values()] : [];
        segment({ id: 'HL', elements: [String(subscriberHl), String(providerHl), '22', patients.length > 0 ? '1' : '0'] });
        text(subscriber.level);
        for (const c of own) text(c);
        for (const patient of patients) {
          for (const patientRun of runsOf(patient.claims, options.maxClaimsPerLevel)) {
            segment({ id: 'HL', elements: [String(++hl), String(subscriberHl), '23', '0'] });
            text(patient.level);
            for (const c of patientRun) text(c);
          }
        }
      });
    }
  }
  return count;
}
