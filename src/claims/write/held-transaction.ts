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
import { hasShape, shapeOf, type ClaimText, type LevelText } from './claim-text.js';
import type { PreparedClaim } from './prepare.js';
import { contact, organizationNm1 } from './segments.js';
import { runsOf, type TransactionHeader } from './transaction.js';

/** Segments as written (terminators and line endings included) and how many there are. */
interface Text {
  text: string;
  segments: number;
}
interface Group {
  level: Text;
  /** The level's shape (claim-text.ts), for claims held by text; "" for prepared claims. */
  shape: string;
}
interface PatientGroup extends Group {
  claims: Text[];
}
interface SubscriberGroup extends Group {
  /** Claims of a subscriber who is the patient. */
  claims: Text[];
  /** Made with the first patient (most subscribers are their own patient). */
  patients: Map<string, PatientGroup> | undefined;
}
interface ProviderGroup extends Group {
  subscribers: Map<string, SubscriberGroup>;
}

export interface HeldTransaction {
  /** Claims held. */
  readonly size: number;
  /** The parsed claims in the order added (only with `keepClaims`). */
  readonly claims: readonly Claim[];
  /** Holds a claim whose values have been checked for delimiters. */
  add(p: PreparedClaim): void;
  /**
   * Holds a claim already checked and formatted (claim-text.ts). A held transaction takes claims by one
   * route only: the keys of the two routes differ.
   */
  addText(t: ClaimText): void;
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

/**
 * Where a level held by text goes in `groups`: its group, or the key to make it under. Groups are keyed
 * by the level's text; a level with the text of a group but another shape (a rare case: "" where the
 * other had no value, say) is keyed by shape + NUL + text, a key no text starts like. Map order stays the
 * order of first appearance.
 */
function placeOf<G extends Group>(groups: Map<string, G>, l: LevelText): G | string {
  const g = groups.get(l.text);
  if (g === undefined) return l.text;
  if (hasShape(l.of, g.shape)) return g;
  const key = shapeOf(l.of) + '\u0000' + l.text;
  return groups.get(key) ?? key;
}

const levelText = (l: LevelText): Text => ({ text: l.text, segments: l.segments });

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
      if (!provider) providers.set(p.billingProviderKey, (provider = { level: textOf(p.billingProvider), shape: '', subscribers: new Map() }));
      let subscriber = provider.subscribers.get(p.subscriberKey);
      if (!subscriber) provider.subscribers.set(p.subscriberKey, (subscriber = { level: textOf(p.subscriber), shape: '', claims: [], patients: undefined }));
      const loop = textOf(p.claimLoop);
      if (p.patient.length === 0) subscriber.claims.push(loop);
      else {
        const patients = (subscriber.patients ??= new Map());
        let patient = patients.get(p.patientKey);
        if (!patient) patients.set(p.patientKey, (patient = { level: textOf(p.patient), shape: '', claims: [] }));
        patient.claims.push(loop);
      }
      if (options.keepClaims) claims.push(p.claim);
      held.size++;
    },
    addText(t) {
      const b = t.billingProvider;
      let provider = placeOf(providers, b);
      if (typeof provider === 'string') providers.set(provider, (provider = { level: levelText(b), shape: shapeOf(b.of), subscribers: new Map() }));
      const s = t.subscriber;
      let subscriber = placeOf(provider.subscribers, s);
      if (typeof subscriber === 'string') provider.subscribers.set(subscriber, (subscriber = { level: levelText(s), shape: shapeOf(s.of), claims: [], patients: undefined }));
      const p = t.patient;
      if (!p) subscriber.claims.push(t.claimLoop);
      else {
        const patients = (subscriber.patients ??= new Map());
        let patient = placeOf(patients, p);
        if (typeof patient === 'string') patients.set(patient, (patient = { level: levelText(p), shape: shapeOf(p.of), claims: [] }));
        patient.claims.push(t.claimLoop);
      }
      if (options.keepClaims) claims.push(t.claim);
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
        const patients = run === 0 && subscriber.patients ? [...subscriber.patients.values()] : [];
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
